/**
 * The referee: one Application, evaluated by Argo CD's application controller and by driftwatch
 * (`driftwatch status --app FILE --output json`, the built CLI), on the same cluster at the same
 * moment. Argo CD's side is read after a refresh it has finished, twice in a row with the same
 * result (its view of the cluster comes from watches, a moment behind); the judgement is taken
 * again when Argo CD's view moved while driftwatch was looking.
 */
import path from 'node:path';
import {type ApplicationManifest, ArgoApplicationClient, writeApplicationFile} from './argocd-application.js';
import type {ArgoCd} from './argocd-runner.js';
import {argoVerdict, type DriftwatchStatusApp, driftwatchVerdict, type Verdict} from './verdict.js';

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RefereeOptions {
	argocd: ArgoCd;
	manifest: ApplicationManifest;
	/** A scratch dir for the manifest file. */
	scratch: string;
	/** Runs the built driftwatch CLI with these arguments. */
	cli: (args: string[]) => Promise<CliResult>;
}

export interface Judgement {
	argo: Verdict;
	driftwatch: Verdict;
}

export class Referee {
	readonly argo: ArgoApplicationClient;
	readonly manifestFile: string;

	private constructor(private readonly options: RefereeOptions) {
		this.argo = new ArgoApplicationClient(options.argocd, options.manifest.metadata.name);
		this.manifestFile = path.join(options.scratch, `${options.manifest.metadata.name}.application.yaml`);
	}

	/** Writes the manifest for driftwatch and creates the Application for Argo CD. */
	static async create(options: RefereeOptions): Promise<Referee> {
		const referee = new Referee(options);
		await writeApplicationFile(referee.manifestFile, options.manifest);
		await referee.argo.apply(options.manifest, referee.manifestFile);
		return referee;
	}

	/** Changes the Application (for example its sync policy) for both Argo CD and driftwatch. */
	async update(manifest: ApplicationManifest): Promise<void> {
		await this.argo.apply(manifest, this.manifestFile);
	}

	private get driftwatchFlags(): string[] {
		return ['--app', this.manifestFile, '--kubeconfig', this.options.argocd.kubeconfig];
	}

	/** Argo CD's verdict once two finished refreshes in a row agree. `hard` re-reads Git. */
	async argoVerdict(options: {hard?: boolean} = {}): Promise<Verdict> {
		let previous = argoVerdict(await this.argo.refresh(options.hard ? 'hard' : 'normal'));
		for (let attempt = 0; attempt < 20; attempt++) {
			const current = argoVerdict(await this.argo.refresh('normal'));
			if (JSON.stringify(current) === JSON.stringify(previous)) return current;
			previous = current;
		}
		throw new Error(`Argo CD's verdict did not settle: last ${JSON.stringify(previous)}`);
	}

	/** The app of `driftwatch status --output json`; throws when driftwatch could not evaluate it. */
	async driftwatchStatusJson(): Promise<DriftwatchStatusApp> {
		const result = await this.options.cli(['status', ...this.driftwatchFlags, '--output', 'json']);
		let parsed: {apps?: DriftwatchStatusApp[]};
		try {
			parsed = JSON.parse(result.stdout) as {apps?: DriftwatchStatusApp[]};
		} catch {
			throw new Error(`driftwatch status exited ${result.code} without JSON: ${result.stderr || result.stdout}`);
		}
		const [app] = parsed.apps ?? [];
		if (!app) throw new Error(`driftwatch status printed no app: ${result.stdout}`);
		if (app.error) throw new Error(`driftwatch could not evaluate the app: ${app.error.message}`);
		return app;
	}

	async driftwatchVerdict(): Promise<Verdict> {
		return driftwatchVerdict(await this.driftwatchStatusJson());
	}

	/** Both verdicts on the same, settled cluster state. */
	async judge(options: {hard?: boolean} = {}): Promise<Judgement> {
		let argo = await this.argoVerdict(options);
		for (let attempt = 0; attempt < 3; attempt++) {
			const driftwatch = await this.driftwatchVerdict();
			const after = await this.argoVerdict();
			if (JSON.stringify(after) === JSON.stringify(argo)) return {argo, driftwatch};
			argo = after;
		}
		throw new Error(`the cluster kept changing while the referee looked; Argo CD last said ${JSON.stringify(argo)}`);
	}

	/** `driftwatch sync` of the same Application (server-side apply, driftwatch's tracking). */
	async driftwatchSync(extra: string[] = []): Promise<CliResult> {
		const result = await this.options.cli(['sync', ...this.driftwatchFlags, ...extra]);
		if (result.code !== 0) throw new Error(`driftwatch sync exited ${result.code}: ${result.stderr || result.stdout}`);
		return result;
	}

	/** `driftwatch sync --dry-run --output json`: what driftwatch would do. */
	async driftwatchPlan(extra: string[] = []): Promise<Record<string, unknown>> {
		const result = await this.options.cli(['sync', ...this.driftwatchFlags, '--dry-run', '--output', 'json', ...extra]);
		try {
			return JSON.parse(result.stdout) as Record<string, unknown>;
		} catch {
			throw new Error(`driftwatch sync --dry-run exited ${result.code} without JSON: ${result.stderr || result.stdout}`);
		}
	}
}
