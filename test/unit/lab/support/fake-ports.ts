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

	async listPods(namespace: string, selector: string): Promise<LabPod[]> {
		this.calls.push(`list pods ${namespace} ${selector}`);
		return this.pods;
	}
	async deletePod(namespace: string, name: string): Promise<void> {
		this.calls.push(`delete pod ${namespace}/${name}`);
	}
	async scaleDeployment(namespace: string, name: string, replicas: number): Promise<void> {
		this.calls.push(`scale ${namespace}/${name} ${replicas}`);
	}
	async setImage(namespace: string, deployment: string, container: string, image: string): Promise<void> {
		this.calls.push(`set image ${namespace}/${deployment} ${container}=${image}`);
	}
	async deleteService(namespace: string, name: string): Promise<void> {
		this.calls.push(`delete service ${namespace}/${name}`);
	}
	async applyAsReadOnlyUser(namespace: string, deployment: string, replicas: number): Promise<void> {
		this.calls.push(`apply as read-only ${namespace}/${deployment} ${replicas}`);
		if (this.readOnlyAllowed) return;
		throw new DriftwatchError(
			'forbidden',
			`deployments.apps "${deployment}" is forbidden: User "restricted" cannot patch resource "deployments" in API group "apps" in the namespace "${namespace}"`,
			{hint: 'user "restricted" (context "driftwatch-restricted") lacks this permission: ask for it or use another context'},
		);
	}
}

export class FakeGit implements LabGitPort {
	readonly files = new Map<string, string>([
		['chart/values-dev.yaml', '# The dev environment (the lab deploys this one).\nweb:\n  replicas: 2\n  greeting: Hello from dev\n'],
		['chart/templates/web-configmap.yaml', 'kind: ConfigMap\n'],
	]);
	readonly log: string[] = [];
	private next = 1;

	async read(file: string): Promise<string> {
		const text = this.files.get(file);
		if (text === undefined) throw new Error(`no file ${file}`);
		return text;
	}
	async write(file: string, content: string): Promise<void> {
		this.files.set(file, content);
	}
	async remove(file: string): Promise<void> {
		this.log.push(`rm ${file}`);
		this.files.delete(file);
	}
	async revert(sha: string): Promise<{sha: string; subject: string}> {
		this.log.push(`revert ${sha}`);
		return this.commit(`Revert "${sha}"`);
	}
	async commitAndPush(message: string): Promise<{sha: string; subject: string}> {
		return this.commit(message);
	}
	async pull(): Promise<void> {
		this.log.push('pull');
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
	async sync(app: string): Promise<ActionResult> {
		this.calls.push(`sync ${app}`);
		return {ok: true, message: 'synced', applied: ['Deployment/counter/web'], deleted: [], errors: []};
	}
	async rollback(app: string, historyId: number): Promise<ActionResult> {
		this.calls.push(`rollback ${app} ${historyId}`);
		return {ok: true, message: 'rolled back', applied: [], deleted: [], errors: []};
	}
	async refresh(): Promise<void> {}
}
