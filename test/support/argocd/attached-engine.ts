/**
 * driftwatch's Argo CD mode in-process, with the real adapters wired exactly as source/cli.tsx's
 * `--argocd` wires them (connect + ResourceClient + WatchHub for the cluster Argo CD runs in, the
 * Application writer, the destination resolver, GitSource with its clone cache, the renderers), so
 * tests can call its actions and read its snapshots. Timeline entries are kept with their sentence.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {KubeApplicationWriter} from '../../../source/argocd/application-writer.js';
import {argoCdDestinations} from '../../../source/argocd/argocd-destinations.js';
import {systemClock} from '../../../source/clock/system-clock.js';
import {clusterDestination} from '../../../source/cluster/cluster-destination.js';
import {connect} from '../../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../../source/cluster/resource-client.js';
import {ArgoCdEngine} from '../../../source/engine/argocd/argocd-engine.js';
import type {AppView, TimelineEvent} from '../../../source/engine/engine-state.js';
import {gitSources} from '../../../source/git/git-sources.js';
import {describeTimelineEvent} from '../../../source/presentation/timeline.js';
import {renderAppSource} from '../../../source/render/render-app-source.js';

export interface AttachedOptions {
	kubeconfig: string;
	/** Default: the kubeconfig's current context. */
	context?: string;
	/** Argo CD's namespace. */
	namespace: string;
	readOnly?: boolean;
}

export interface Attached {
	engine: ArgoCdEngine;
	/** Every timeline entry since start, oldest first, with its sentence. */
	events: Array<TimelineEvent & {message: string}>;
	/** Every view of `app` the engine published, oldest first (to see an operation's phases). */
	views(app: string): AppView[];
	stop(): Promise<void>;
}

export async function startAttached(options: AttachedOptions): Promise<Attached> {
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-attached-'));
	const client = new ResourceClient(connect({kubeconfig: options.kubeconfig, ...(options.context ? {context: options.context} : {})}));
	const home = {client, destination: clusterDestination(client)};
	const destinations = argoCdDestinations({kubeconfig: options.kubeconfig, home, namespace: options.namespace});
	const engine = new ArgoCdEngine({
		namespace: options.namespace,
		home: home.destination,
		applications: new KubeApplicationWriter(client),
		resolveDestination: destinations,
		git: gitSources({cacheRoot: path.join(scratch, 'repos')}),
		render: renderAppSource,
		clock: systemClock,
		readOnly: options.readOnly ?? false,
		intervalMs: 2000,
	});
	const events: Attached['events'] = [];
	engine.onEvent(entry => events.push({...entry, message: describeTimelineEvent(entry)}));
	const seen = new Map<string, AppView[]>();
	engine.subscribe(() => {
		for (const app of engine.getSnapshot().apps) {
			const list = seen.get(app.name) ?? [];
			if (list.at(-1) !== app) list.push(app);
			seen.set(app.name, list);
		}
	});
	const stop = async () => {
		engine.stop();
		destinations.stop();
		home.destination.hub.stop();
		// A Git fetch the engine started may still be writing: retry as it finishes.
		await rm(scratch, {recursive: true, force: true, maxRetries: 10, retryDelay: 200});
	};
	try {
		await engine.start();
	} catch (error) {
		await stop();
		throw error;
	}
	return {engine, events, views: app => seen.get(app) ?? [], stop};
}
