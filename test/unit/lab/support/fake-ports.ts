/** Fakes of the lab's ports: they record what a step asked for and answer like the real adapters. */
import {DriftwatchError} from '../../../../source/core/errors.js';
import type {ActionResult, AppPolicy} from '../../../../source/engine/engine-state.js';
import type {LabClusterPort, LabEnginePort, LabGitPort, LabPod} from '../../../../source/lab/lab-ports.js';

export class FakeCluster implements LabClusterPort {
	readonly calls: string[] = [];
	pods: LabPod[] = [
		{name: 'web-5d8f-aaaaa', deleting: true},
		{name: 'web-5d8f-bbbbb', deleting: false},
	];
	readOnlyAllowed = false;

	listPods(namespace: string, selector: string): Promise<LabPod[]> {
		this.calls.push(`list pods ${namespace} ${selector}`);
		return Promise.resolve(this.pods);
	}
	deletePod(namespace: string, name: string): Promise<void> {
		return this.record(`delete pod ${namespace}/${name}`);
	}
	scaleDeployment(namespace: string, name: string, replicas: number): Promise<void> {
		return this.record(`scale ${namespace}/${name} ${replicas}`);
	}
	setImage(namespace: string, deployment: string, container: string, image: string): Promise<void> {
		return this.record(`set image ${namespace}/${deployment} ${container}=${image}`);
	}
	deleteService(namespace: string, name: string): Promise<void> {
		return this.record(`delete service ${namespace}/${name}`);
	}
	applyAsReadOnlyUser(namespace: string, deployment: string, replicas: number): Promise<void> {
		this.calls.push(`apply as read-only ${namespace}/${deployment} ${replicas}`);
		if (this.readOnlyAllowed) return Promise.resolve();
		return Promise.reject(
			new DriftwatchError(
				'forbidden',
				`deployments.apps "${deployment}" is forbidden: User "restricted" cannot patch resource "deployments" in API group "apps" in the namespace "${namespace}"`,
				{hint: 'user "restricted" (context "driftwatch-restricted") lacks this permission: ask for it or use another context'},
			),
		);
	}
	private record(call: string): Promise<void> {
		this.calls.push(call);
		return Promise.resolve();
	}
}

export class FakeGit implements LabGitPort {
	readonly files = new Map<string, string>([
		['chart/values-dev.yaml', '# The dev environment (the lab deploys this one).\nweb:\n  replicas: 2\n  greeting: Hello from dev\n'],
		['chart/templates/web-configmap.yaml', 'kind: ConfigMap\n'],
	]);
	readonly log: string[] = [];
	private next = 1;

	read(file: string): Promise<string> {
		const text = this.files.get(file);
		return text === undefined ? Promise.reject(new Error(`no file ${file}`)) : Promise.resolve(text);
	}
	write(file: string, content: string): Promise<void> {
		this.files.set(file, content);
		return Promise.resolve();
	}
	remove(file: string): Promise<void> {
		this.log.push(`rm ${file}`);
		this.files.delete(file);
		return Promise.resolve();
	}
	revert(sha: string): Promise<{sha: string; subject: string}> {
		this.log.push(`revert ${sha}`);
		return Promise.resolve(this.commit(`Revert "${sha}"`));
	}
	commitAndPush(message: string): Promise<{sha: string; subject: string}> {
		return Promise.resolve(this.commit(message));
	}
	pull(): Promise<void> {
		this.log.push('pull');
		return Promise.resolve();
	}
	private commit(subject: string): {sha: string; subject: string} {
		const sha = String(this.next++).padStart(40, '0');
		this.log.push(`commit ${subject}`);
		return {sha, subject};
	}
}

export class FakeEngine implements LabEnginePort {
	readonly calls: string[] = [];
	setPolicy(app: string, patch: Partial<AppPolicy>): void {
		this.calls.push(`policy ${app} ${JSON.stringify(patch)}`);
	}
	sync(app: string): Promise<ActionResult> {
		this.calls.push(`sync ${app}`);
		return Promise.resolve({ok: true, message: 'synced', applied: ['Deployment/counter/web'], deleted: [], errors: []});
	}
	rollback(app: string, historyId: number): Promise<ActionResult> {
		this.calls.push(`rollback ${app} ${historyId}`);
		return Promise.resolve({ok: true, message: 'rolled back', applied: [], deleted: [], errors: []});
	}
	refresh(): Promise<void> {
		return Promise.resolve();
	}
}
