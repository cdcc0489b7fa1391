/**
 * The event storm's generator, in its own process so it does not share the bench's event loop
 * (`node storm.js`, settings in BENCH_STORM as JSON): JSON merge patches of ConfigMaps from a
 * pool, paced at `rate` per second for `seconds`, each a new value (so each is a watch event and
 * a drift). Prints one JSON summary line at the end.
 */
import {DirectClient} from './direct-client.js';

interface Settings {
	server: string;
	ca: string;
	cert: string;
	key: string;
	namespace: string;
	names: string[];
	rate: number;
	seconds: number;
}

const settings = JSON.parse(process.env['BENCH_STORM'] ?? '{}') as Settings;
const client = new DirectClient(settings, 128);
const total = settings.rate * settings.seconds;
const maxInFlight = 128;
let sent = 0;
let accepted = 0;
let failed = 0;
let inFlight = 0;
let lastError = '';
const started = performance.now();

await new Promise<void>(resolve => {
	const tick = () => {
		const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * settings.rate));
		while (sent < due && inFlight < maxInFlight) {
			const index = sent++;
			const name = settings.names[index % settings.names.length] ?? '';
			inFlight++;
			client
				.patchConfigMap(settings.namespace, name, {value: `storm-${index}`})
				.then(
					() => accepted++,
					(error: Error) => {
						failed++;
						lastError = error.message;
					},
				)
				.finally(() => {
					inFlight--;
					if (sent >= total && inFlight === 0) resolve();
				});
		}
		if (sent < total) setTimeout(tick, 5);
	};
	tick();
});
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({sent, accepted, failed, seconds, rate: accepted / seconds, lastError})}\n`);
client.close();
