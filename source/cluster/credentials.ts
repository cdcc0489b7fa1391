/**
 * A kubeconfig user's credentials for one cluster, as request options: the CA to trust, a client
 * certificate, a bearer token (literal, from a file re-read every minute as projected service
 * account tokens rotate, or from an exec plugin), basic auth and impersonation headers, on a
 * keep-alive agent so requests share connections (one TLS handshake, not one per request).
 *
 * Two rare kinds are handed to @kubernetes/client-node, loaded only when a kubeconfig uses them:
 * legacy auth providers (gcp, azure, oidc) and proxies (proxy-url). Everyone else never loads it:
 * its KubeConfig pulls in the whole generated API (about 80 MB of memory).
 */
import {readFileSync} from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import {ExecCredentialSource} from './exec-credential.js';
import type {KubeconfigCluster, KubeconfigUser} from './kubeconfig.js';

export interface Credentials {
	/** Puts TLS material, authentication headers and the agent on `options`. Throws when a file or plugin fails. */
	apply(options: https.RequestOptions): Promise<void>;
	/** The API server refused the credentials (401): forget what can be fetched again; true when a retry may help. */
	expire(): boolean;
}

/** How often a token file is read again. */
const tokenFileMs = 60_000;
/** Idle keep-alive connections close after this, well before the API server's own idle timeout. */
const idleMs = 15_000;

/** The credentials of `user` (none for a context without one) on `cluster`. */
export function credentialsFor(cluster: KubeconfigCluster, user: KubeconfigUser | undefined, now: () => number = Date.now): Credentials {
	if (cluster.proxyUrl || user?.authProvider) return new ClientNodeCredentials(cluster, user);
	return new KubeconfigCredentials(cluster, user ?? {name: ''}, now);
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
	if (file) return readFileSync(file);
	return data ? Buffer.from(data, 'base64') : undefined;
}

class KubeconfigCredentials implements Credentials {
	private tls: {ca?: Buffer; cert?: Buffer; key?: Buffer} | undefined;
	private tokenFile: {token: string; readAt: number} | undefined;
	private readonly exec: ExecCredentialSource | undefined;
	private agent: {agent: http.Agent; cert?: string} | undefined;

	constructor(
		private readonly cluster: KubeconfigCluster,
		private readonly user: KubeconfigUser,
		private readonly now: () => number,
	) {
		this.exec = user.exec ? new ExecCredentialSource(user.exec, cluster, now) : undefined;
	}

	async apply(options: https.RequestOptions): Promise<void> {
		this.tls ??= {
			ca: fileOrData(this.cluster.caFile, this.cluster.caData),
			cert: fileOrData(this.user.certFile, this.user.certData),
			key: fileOrData(this.user.keyFile, this.user.keyData),
		};
		const headers: Record<string, string | string[]> = {};
		let cert: string | Buffer | undefined = this.tls.cert;
		let key: string | Buffer | undefined = this.tls.key;
		let token = this.user.token ?? this.fileToken();
		if (this.exec) {
			const credential = await this.exec.get();
			if (credential.token) token = credential.token;
			if (credential.clientCertificateData && credential.clientKeyData) {
				cert = credential.clientCertificateData;
				key = credential.clientKeyData;
			}
		}
		if (token) headers['Authorization'] = `Bearer ${token}`;
		else if (this.user.username) options.auth = `${this.user.username}:${this.user.password ?? ''}`;
		if (this.user.impersonate) headers['Impersonate-User'] = this.user.impersonate;
		if (this.user.impersonateGroups?.length) headers['Impersonate-Group'] = this.user.impersonateGroups;
		if (this.user.impersonateUid) headers['Impersonate-Uid'] = this.user.impersonateUid;
		options.headers = {...(options.headers as Record<string, string>), ...headers};
		options.agent = this.agentFor(cert, key);
	}

	expire(): boolean {
		this.tokenFile = undefined;
		return this.exec?.expire() ?? false;
	}

	private fileToken(): string | undefined {
		const file = this.user.tokenFile;
		if (!file) return undefined;
		if (!this.tokenFile || this.now() - this.tokenFile.readAt > tokenFileMs) {
			this.tokenFile = {token: readFileSync(file, 'utf8').trim(), readAt: this.now()};
		}
		return this.tokenFile.token;
	}

	/** One keep-alive agent, made again only when an exec plugin hands out another client certificate. */
	private agentFor(cert: string | Buffer | undefined, key: string | Buffer | undefined): http.Agent {
		const certId = typeof cert === 'string' ? cert : undefined;
		if (this.agent && this.agent.cert === certId) return this.agent.agent;
		this.agent?.agent.destroy();
		const plain = this.cluster.server.startsWith('http:');
		const agent = plain
			? new http.Agent({keepAlive: true, timeout: idleMs})
			: new https.Agent({
					keepAlive: true,
					timeout: idleMs,
					...(this.tls?.ca ? {ca: this.tls.ca} : {}),
					...(cert ? {cert} : {}),
					...(key ? {key} : {}),
					...(this.cluster.skipTLSVerify ? {rejectUnauthorized: false} : {}),
					...(this.cluster.tlsServerName ? {servername: this.cluster.tlsServerName} : {}),
				});
		this.agent = {agent, cert: certId};
		return agent;
	}
}

/** client-node's KubeConfig for proxies and legacy auth providers, loaded on first use. */
class ClientNodeCredentials implements Credentials {
	private config: Promise<{applyToHTTPSOptions(options: https.RequestOptions): Promise<void>}> | undefined;

	constructor(
		private readonly cluster: KubeconfigCluster,
		private readonly user: KubeconfigUser | undefined,
	) {}

	async apply(options: https.RequestOptions): Promise<void> {
		this.config ??= this.load();
		await (await this.config).applyToHTTPSOptions(options);
	}

	expire(): boolean {
		return false;
	}

	private async load() {
		const {KubeConfig} = await import('@kubernetes/client-node');
		const config = new KubeConfig();
		const user = this.user;
		config.loadFromOptions({
			clusters: [
				{
					name: this.cluster.name,
					server: this.cluster.server,
					caFile: this.cluster.caFile,
					caData: this.cluster.caData,
					skipTLSVerify: this.cluster.skipTLSVerify,
					tlsServerName: this.cluster.tlsServerName,
					proxyUrl: this.cluster.proxyUrl,
				},
			],
			users: [
				{
					name: user?.name ?? 'user',
					token: user?.token ?? (user?.tokenFile ? readFileSync(user.tokenFile, 'utf8').trim() : undefined),
					certFile: user?.certFile,
					certData: user?.certData,
					keyFile: user?.keyFile,
					keyData: user?.keyData,
					username: user?.username,
					password: user?.password,
					impersonateUser: user?.impersonate,
					authProvider: user?.authProvider,
					exec: user?.exec,
				},
			],
			contexts: [{name: 'driftwatch', cluster: this.cluster.name, user: user?.name ?? 'user'}],
			currentContext: 'driftwatch',
		});
		return config;
	}
}
