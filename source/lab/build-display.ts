/**
 * Shows the control-plane build's progress on a terminal stream: on a TTY one line redrawn every
 * second; elsewhere (CI logs, pipes) a line per binary started or finished and one every 30 s.
 */
import type {BuildProgress} from '../control-plane/build-progress.js';
import {ensureControlPlaneBuilt} from '../control-plane/build-binaries.js';
import {describeBuildProgress, type EstimateSource} from './build-progress-text.js';

interface Output {
	write(text: string): unknown;
	isTTY?: boolean;
}

/** Builds the control plane if needed, showing progress on `output`; returns the cache directory. */
export async function buildControlPlaneWithProgress(output: Output = process.stderr): Promise<string> {
	let estimates: Record<string, number> = {};
	let source: EstimateSource = 'first-build-table';
	let progress: BuildProgress | undefined;
	let lastLine = '';
	let lastPrintedAt = 0;
	const tty = output.isTTY === true;
	const line = () => (progress ? describeBuildProgress(progress, estimates, source, Date.now()) : '');
	const draw = (force: boolean) => {
		const text = line();
		if (!text) return;
		if (tty) {
			output.write(`\r\u001B[2K${text}`);
		} else if (force || Date.now() - lastPrintedAt >= 30_000) {
			output.write(`${text}\n`);
			lastPrintedAt = Date.now();
		}
		lastLine = text;
	};
	const timer = setInterval(
		() => {
			if (!progress?.complete) draw(false);
		},
		tty ? 1000 : 5000,
	);
	try {
		return await ensureControlPlaneBuilt({
			onEstimates: (values, from) => {
				estimates = values;
				source = from;
				output.write('control plane: building the binaries from Go modules (once per machine; later runs reuse the cache)\n');
			},
			onProgress: next => {
				progress = next;
				draw(true);
			},
		});
	} finally {
		clearInterval(timer);
		if (tty && lastLine) output.write('\n');
	}
}
