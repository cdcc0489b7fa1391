/**
 * Exec credential plugins (client.authentication.k8s.io): the kubeconfig names a command that
 * prints an ExecCredential with a token or a client certificate. It runs without a shell, with the
 * kubeconfig's environment and KUBERNETES_EXEC_INFO (non-interactive, as client-go sends it), at
 * most once at a time; its answer is kept until its expirationTimestamp, or until the API server
 * refuses it (401).
 */
import {spawn} from 'node:child_process';
import type {ExecConfig, KubeconfigCluster} from './kubeconfig.js';

/** What a plugin answered (ExecCredential.status). */
export interface ExecCredentialStatus {
	token?: string;
	clientCertificateData?: string;
	clientKeyData?: string;
	/** Milliseconds since the epoch; absent when the credential does not expire. */
	expiresAt?: number;
}

/** Runs the plugin and returns its standard output; exported for tests. */
export type RunPlugin = (exec: ExecConfig, env: NodeJS.ProcessEnv) => Promise<string>;

/** A plugin that runs longer than this is stopped: it is waiting for someone who is not there. */
const pluginTimeoutMs = 120_000;
/** A credential this close to its expiry is fetched again. */
const expiryMarginMs = 10_000;

export class ExecCredentialSource {
	private cached: ExecCredentialStatus | undefined;
	private pending: Promise<ExecCredentialStatus> | undefined;

	constructor(
		private readonly exec: ExecConfig,
		private readonly cluster: KubeconfigCluster,
		private readonly now: () => number = Date.now,
		private readonly run: RunPlugin = runPlugin,
	) {}

	/** The current credential, from the plugin when none is kept or it expired. */
	async get(): Promise<ExecCredentialStatus> {
		const cached = this.cached;
		if (cached && (cached.expiresAt === undefined || cached.expiresAt - expiryMarginMs > this.now())) return cached;
		this.pending ??= this.fetch().finally(() => (this.pending = undefined));
		return this.pending;
	}

	/** Forgets the kept credential (the API server refused it); true when there was one. */
	expire(): boolean {
		const had = this.cached !== undefined;
		this.cached = undefined;
		return had;
	}

	private async fetch(): Promise<ExecCredentialStatus> {
		const info = {
			apiVersion: this.exec.apiVersion,
			kind: 'ExecCredential',
			spec: {
				interactive: false,
				...(this.exec.provideClusterInfo
					? {
							cluster: {
								server: this.cluster.server,
								...(this.cluster.caData ? {'certificate-authority-data': this.cluster.caData} : {}),
								...(this.cluster.skipTLSVerify ? {'insecure-skip-tls-verify': true} : {}),
								...(this.cluster.tlsServerName ? {'tls-server-name': this.cluster.tlsServerName} : {}),
								...(this.cluster.proxyUrl ? {'proxy-url': this.cluster.proxyUrl} : {}),
							},
						}
					: {}),
			},
		};
		const env: NodeJS.ProcessEnv = {...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info)};
		for (const variable of this.exec.env) env[variable.name] = variable.value;
		const output = await this.run(this.exec, env);
		const status = parseExecCredential(output, this.exec.command);
		this.cached = status;
		return status;
	}
}

/** The status of an ExecCredential printed by `command`; throws naming what is wrong. Pure. */
export function parseExecCredential(output: string, command: string): ExecCredentialStatus {
	let parsed: unknown;
	try {
		parsed = JSON.parse(output);
	} catch {
		throw new Error(`exec plugin ${command} printed no JSON ExecCredential`);
	}
	const status = (parsed as {status?: unknown} | null)?.status;
	if (typeof status !== 'object' || status === null) throw new Error(`exec plugin ${command} printed an ExecCredential without status`);
	const fields = status as Record<string, unknown>;
	const text = (name: string) => {
		const value = fields[name];
		return typeof value === 'string' && value !== '' ? value : undefined;
	};
	const result: ExecCredentialStatus = {};
	const token = text('token');
	const cert = text('clientCertificateData');
	const key = text('clientKeyData');
	if (token) result.token = token;
	if (cert && key) {
		result.clientCertificateData = cert;
		result.clientKeyData = key;
	}
	if (!token && !(cert && key)) throw new Error(`exec plugin ${command} gave neither a token nor a client certificate and key`);
	const expiry = text('expirationTimestamp');
	if (expiry) {
		const at = Date.parse(expiry);
		if (Number.isFinite(at)) result.expiresAt = at;
	}
	return result;
}

/** Spawns the plugin (no shell, no stdin) and collects its output. */
export const runPlugin: RunPlugin = (exec, env) =>
	new Promise((resolve, reject) => {
		const child = spawn(exec.command, exec.args, {env, stdio: ['ignore', 'pipe', 'pipe'], timeout: pluginTimeoutMs});
		const out: Buffer[] = [];
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-2000)));
		child.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ENOENT') {
				reject(
					new Error(`exec plugin ${exec.command} was not found${exec.installHint ? ` (${exec.installHint.trim()})` : ''}`, {cause: error}),
				);
			} else reject(new Error(`exec plugin ${exec.command} could not run (${error.code ?? error.message})`, {cause: error}));
		});
		child.on('close', (code, signal) => {
			if (code === 0) return resolve(Buffer.concat(out).toString('utf8'));
			const why = signal ? `was stopped (${signal})` : `exited with ${code}`;
			reject(new Error(`exec plugin ${exec.command} ${why}${err.trim() ? `: ${err.trim().slice(-500)}` : ''}`));
		});
	});
