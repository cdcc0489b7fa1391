/**
 * What a sync did, seen from the cluster: `kubectl get -w --output-watch-events` on some kinds of
 * one namespace, every event kept with the moment it arrived and its resourceVersion. From those,
 * the milestones both tools must reach in the same order: an object created, a Job complete or
 * failed, a Deployment healthy, an object's deletion requested, an object gone. Order is by
 * resourceVersion (the API server's one sequence of writes: exact across kinds and watches, on
 * this etcd-backed control plane); time by arrival (for the pauses between waves).
 */
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {assessHealth} from '../../../source/core/health/index.js';
import type {KubeObject} from '../../../source/core/kube-object.js';

export interface ClusterEvent {
	/** performance.now() at arrival. */
	at: number;
	type: 'ADDED' | 'MODIFIED' | 'DELETED';
	object: KubeObject;
}

export interface Milestone {
	/** 'created Job/pre-migrate', 'complete Job/pre-migrate', 'healthy Deployment/web', 'deleting Job/x', 'deleted Job/x' */
	what: string;
	/** The resourceVersion of the write that reached it. */
	version: number;
	at: number;
}

/** A name Argo CD (and driftwatch) generated for a `generateName` hook, made comparable across syncs and tools. */
export const generatedHookName = /-[0-9a-f]{7}-(presync|sync|postsync|syncfail)-\d+$/;

export class ClusterTimeline {
	private readonly events: ClusterEvent[] = [];
	private readonly children: Array<ReturnType<typeof spawn>> = [];
	private errors = '';

	private constructor() {}

	/** Starts one watch per kind (`jobs`, `deployments`...) in `namespace`; resolves once they had time to connect. */
	static async start(kubeconfig: string, namespace: string, kinds: string[]): Promise<ClusterTimeline> {
		const timeline = new ClusterTimeline();
		for (const kind of kinds) {
			const child = spawn(
				'kubectl',
				[
					`--kubeconfig=${kubeconfig}`,
					'get',
					kind,
					'-n',
					namespace,
					'--watch',
					'--output-watch-events',
					'-o',
					'jsonpath={.type}{"\\t"}{.object}{"\\n"}',
				],
				{stdio: ['ignore', 'pipe', 'pipe']},
			);
			child.stderr.on('data', chunk => (timeline.errors += String(chunk)));
			child.on('error', error => (timeline.errors += error.message));
			createInterface({input: child.stdout}).on('line', line => {
				// kubectl's printer turns the tab into spaces: the event type, blanks, then the object's JSON.
				const match = /^(ADDED|MODIFIED|DELETED)\s+(\{.*)$/.exec(line);
				if (!match) {
					if (line.trim()) timeline.errors += `unreadable watch line: ${line.slice(0, 200)}\n`;
					return;
				}
				try {
					const object = JSON.parse(match[2] ?? '') as KubeObject;
					timeline.events.push({at: performance.now(), type: match[1] as ClusterEvent['type'], object});
				} catch {
					timeline.errors += `unreadable watch line: ${line.slice(0, 200)}\n`;
				}
			});
			timeline.children.push(child);
		}
		// kubectl prints nothing for an empty namespace: give the watches a moment to be established.
		await new Promise(resolve => setTimeout(resolve, 1500));
		return timeline;
	}

	/**
	 * Milestones reached since `since` (performance.now()), ordered by the API server's writes. A
	 * watch started before `since` lists what exists as ADDED too, so `since` must follow start().
	 */
	milestones(since = 0): Milestone[] {
		const seen = new Set<string>();
		const milestones: Milestone[] = [];
		const reach = (what: string, event: ClusterEvent, uid: string) => {
			const key = `${uid} ${what}`;
			if (seen.has(key)) return;
			seen.add(key);
			milestones.push({what, version: Number(event.object.metadata.resourceVersion ?? 0), at: event.at});
		};
		// States (complete, failed, healthy) count for objects created in the window only: an older object
		// touched now (deleted, applied again) says nothing new about them.
		const created = new Set<string>();
		for (const event of this.events) {
			if (event.at < since) continue;
			const {object} = event;
			const uid = object.metadata.uid ?? '';
			const name = `${object.kind}/${object.metadata.name.replace(generatedHookName, '-<generated>')}`;
			if (event.type === 'ADDED') {
				reach(`created ${name}`, event, uid);
				created.add(uid);
			}
			if (object.metadata.deletionTimestamp && event.type !== 'ADDED') reach(`deleting ${name}`, event, uid);
			if (event.type === 'DELETED') {
				reach(`deleting ${name}`, event, uid);
				reach(`deleted ${name}`, event, uid);
				continue;
			}
			const state = created.has(uid) && !object.metadata.deletionTimestamp ? stateOf(object) : undefined;
			if (state) reach(`${state} ${name}`, event, uid);
		}
		return milestones.sort((a, b) => a.version - b.version);
	}

	/** The milestone names, in order, leaving out those `drop` matches. */
	sequence(since = 0, drop: (what: string) => boolean = () => false): string[] {
		return this.milestones(since)
			.map(milestone => milestone.what)
			.filter(what => !drop(what));
	}

	/** Waits until `what` has been reached (since `since`). */
	async until(what: string, since = 0, timeoutMs = 90_000): Promise<Milestone> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const found = this.milestones(since).find(milestone => milestone.what === what);
			if (found) return found;
			await new Promise(resolve => setTimeout(resolve, 200));
		}
		throw new Error(`timed out waiting for "${what}"; reached: ${JSON.stringify(this.sequence(since))} ${this.errors}`);
	}

	/** Every object's names of this kind seen created (generated hook names as they are). */
	namesCreated(kind: string, since = 0): string[] {
		return this.events
			.filter(event => event.at >= since && event.type === 'ADDED' && event.object.kind === kind)
			.map(event => event.object.metadata.name);
	}

	/** Every event since `since`, one line each, for failure messages. */
	log(since = 0): string {
		return this.events
			.filter(event => event.at >= since)
			.map(({type, object}) => {
				const conditions = ((object['status'] as {conditions?: Array<{type: string}>} | undefined)?.conditions ?? [])
					.map(c => c.type)
					.join(',');
				return `${object.metadata.resourceVersion} ${type} ${object.kind}/${object.metadata.name} uid=${object.metadata.uid?.slice(0, 8)}${object.metadata.deletionTimestamp ? ' deleting' : ''} [${conditions}]`;
			})
			.join('\n');
	}

	stop(): void {
		for (const child of this.children) child.kill('SIGKILL');
	}
}

/** A Job complete or failed (its conditions), a workload healthy (its health): what the tools wait for. */
function stateOf(object: KubeObject): string | undefined {
	if (object.kind === 'Job') {
		const conditions = (object['status'] as {conditions?: Array<{type: string; status: string}>} | undefined)?.conditions ?? [];
		if (conditions.some(condition => condition.type === 'Failed' && condition.status === 'True')) return 'failed';
		if (conditions.some(condition => condition.type === 'Complete' && condition.status === 'True')) return 'complete';
		return undefined;
	}
	return assessHealth(object)?.status === 'Healthy' ? 'healthy' : undefined;
}
