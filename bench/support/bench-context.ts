/**
 * What every figure shares: the options, the control plane and a direct client to it, the
 * scratch directory, the result lines, and the apps (a git repository per size, and a namespace
 * per size where the floor loop applied exactly what driftwatch applies).
 */
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import type {ControlPlaneState} from '../../source/control-plane/control-plane.js';
import type {KubeObject} from '../../source/core/kube-object.js';
import {withTracking} from '../../source/core/tracking.js';
import {type Credentials, DirectClient, forEachLimit} from './direct-client.js';
import {type FixtureApp, writeFixtureApp} from './fixture-app.js';
import type {BenchOptions} from './options.js';
import {cliPath} from './repo-root.js';
import type {ResultRow} from './results.js';

/** The app's name (driftwatch --name), which its tracking annotation carries. */
export const appName = 'bench';

export class BenchContext {
	readonly client: DirectClient;
	readonly cli = cliPath;
	private readonly fixtures = new Map<number, FixtureApp>();
	private readonly appNamespaces = new Map<number, string>();
	private cacheRuns = 0;

	constructor(
		readonly options: BenchOptions,
		readonly state: ControlPlaneState,
		readonly credentials: Credentials,
		readonly scratch: string,
		/** Records a line of the table. */
		readonly add: (row: ResultRow) => void,
	) {
		this.client = new DirectClient(credentials);
	}

	log(line: string): void {
		process.stderr.write(`  ${line}\n`);
	}

	/** The repository of the N-ConfigMap app (written once). */
	fixture(configMaps: number): FixtureApp {
		let fixture = this.fixtures.get(configMaps);
		if (!fixture) {
			const dir = path.join(this.scratch, `app-${configMaps}`);
			mkdirSync(dir, {recursive: true});
			fixture = writeFixtureApp(dir, configMaps);
			this.fixtures.set(configMaps, fixture);
		}
		return fixture;
	}

	/** The objects exactly as driftwatch applies them into `namespace` (namespace set, tracking annotation). */
	appliedObjects(configMaps: number, namespace: string): KubeObject[] {
		return this.fixture(configMaps).objects.map(object => withTracking(appName, {...object, metadata: {...object.metadata, namespace}}));
	}

	/** Applies the app into a new namespace with the floor loop; returns the time it took. */
	async applyFloor(configMaps: number, namespace: string, concurrency: number, deadline: number): Promise<number> {
		await this.client.createNamespace(namespace);
		const objects = this.appliedObjects(configMaps, namespace);
		const started = performance.now();
		await forEachLimit(objects, concurrency, async object => {
			if (Date.now() > deadline) throw new Error('time limit');
			await this.client.apply(object);
		});
		return performance.now() - started;
	}

	/** Remembers the namespace that holds the N app in sync with Git, for the figures after sync. */
	setAppNamespace(configMaps: number, namespace: string): void {
		this.appNamespaces.set(configMaps, namespace);
	}

	/** The namespace holding the N app, applied by the floor loop if no figure did it yet. */
	async appNamespace(configMaps: number): Promise<string> {
		const known = this.appNamespaces.get(configMaps);
		if (known) return known;
		const namespace = `app-${configMaps}`;
		this.log(`applying the ${configMaps}-ConfigMap app into ${namespace}`);
		await this.applyFloor(configMaps, namespace, this.options.concurrency, Date.now() + this.options.timeoutSeconds * 1000);
		this.appNamespaces.set(configMaps, namespace);
		return namespace;
	}

	/** App flags for the driftwatch CLI on the N app in `namespace`. */
	appFlags(configMaps: number, namespace: string): string[] {
		const fixture = this.fixture(configMaps);
		return [
			'--repo',
			fixture.repo,
			'--path',
			fixture.appPath,
			'--namespace',
			namespace,
			'--name',
			appName,
			'--kubeconfig',
			this.state.kubeconfig,
			'--audit-log',
			path.join(this.scratch, 'audit.jsonl'),
		];
	}

	/** Environment of a driftwatch process: its own empty cache (a cold start), no color. */
	cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		this.cacheRuns++;
		return {...process.env, DRIFTWATCH_CACHE: path.join(this.scratch, `cache-${this.cacheRuns}`), NO_COLOR: '1', ...extra};
	}

	/** Node flags for a driftwatch process (a CPU profile per process under --cpu-prof). */
	nodeFlags(label: string): string[] {
		if (!this.options.cpuProfileDir) return [];
		return ['--cpu-prof', `--cpu-prof-dir=${this.options.cpuProfileDir}`, `--cpu-prof-name=${label}-${Date.now()}.cpuprofile`];
	}
}
