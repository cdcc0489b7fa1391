/**
 * The GitOps self-healing lab, in order: what to do, what to expect, the human step that does it
 * (through the lab's ports, as `lab-user`), and the check that ticks it from the engine's snapshot.
 * The names are the demo's (fixtures/demo); the namespace and app come from its Application.
 */
import {describeError} from '../core/errors.js';
import {demoApp, setYamlValue} from './demo-app.js';
import type {Exercise, StepContext, StepResult} from './exercise-types.js';
import {atRevision, objectIn, objectName, podSeenIn, recorded, rolledBackTo, syncedAndHealthy, syncedByHand} from './lab-checks.js';
import {podsOf} from './observations.js';

/** A step that could not be done (nothing to act on); the message says why. */
const failed = (message: string): StepResult => ({ok: false, message, facts: {}});

const pushed = (commit: {sha: string; subject: string}): StepResult => ({
	ok: true,
	message: `pushed ${commit.sha.slice(0, 7)} ${commit.subject}`,
	facts: {sha: commit.sha},
});

/** Edits the values file of the working clone, commits and pushes it (pulling driftwatch's pushes first). */
async function pushValue(context: StepContext, path: string[], value: string | number, message: string) {
	await context.git.pull();
	await context.git.write(demoApp.valuesFile, setYamlValue(await context.git.read(demoApp.valuesFile), path, value));
	return pushed(await context.git.commitAndPush(message));
}

/** A person's key press in driftwatch: nothing to wait for. */
const turnAutoSyncOn = (context: StepContext): Promise<StepResult> => {
	context.engine.setPolicy(context.app, {autoSync: true});
	return Promise.resolve({ok: true, message: 'auto-sync on', facts: {}});
};

const deployment = (context: {namespace: string}) => objectName('Deployment', context.namespace, demoApp.deployment);

/** "Someone changed the Deployment by hand; self-heal put Git's version back." */
const healedDeployment = ({view, observed}: Parameters<Exercise['steps'][number]['done']>[0]) =>
	recorded(observed, 'healed', deployment(view.destination)) && objectIn(view, 'Deployment', demoApp.deployment)?.syncStatus === 'Synced';

export const exercises: Exercise[] = [
	{
		id: 'delete-pod',
		title: 'Delete a pod and watch it replaced',
		about: "Pods are cattle: the Deployment's ReplicaSet replaces a deleted pod. Nothing in Git changed, so the app stays Synced.",
		steps: [
			{
				id: 'delete-pod',
				do: ({namespace}) => `kubectl -n ${namespace} delete pod <a ${demoApp.deployment} pod>`,
				uiCommands: [],
				expect:
					'the pod goes Terminating; a new one appears Pending, then ContainerCreating, then Running; the app stays Synced and is Healthy again',
				run: async context => {
					const pods = await context.cluster.listPods(context.namespace, demoApp.podSelector);
					const victim = pods.find(pod => !pod.deleting);
					if (!victim) return failed(`no ${demoApp.deployment} pod to delete in ${context.namespace}`);
					await context.cluster.deletePod(context.namespace, victim.name);
					return {ok: true, message: `deleted pod ${victim.name}`, facts: {pod: victim.name, before: pods.map(pod => pod.name).join(',')}};
				},
				done: ({view, observed, outcome}) => {
					const before = new Set((outcome.facts['before'] ?? '').split(',').filter(Boolean));
					const gone = !podsOf(view).some(pod => pod.name === outcome.facts['pod']);
					return gone && podSeenIn(observed, 'Running', before) && view.status.health.status === 'Healthy';
				},
			},
		],
	},
	{
		id: 'scale-reverted',
		title: 'Scale the Deployment by hand and watch it reverted',
		about: "Self-heal: a change made behind Git's back is drift, and driftwatch puts Git's replicas back, naming who changed them.",
		steps: [
			{
				id: 'scale',
				do: ({namespace}) => `kubectl -n ${namespace} scale deployment ${demoApp.deployment} --replicas=5`,
				uiCommands: [],
				expect: 'OutOfSync for a moment ("spec.replicas changed by lab-user"), then healed: Synced with Git\'s replicas',
				run: async context => {
					await context.cluster.scaleDeployment(context.namespace, demoApp.deployment, 5);
					return {ok: true, message: `scaled deployment ${demoApp.deployment} to 5 replicas`, facts: {}};
				},
				done: healedDeployment,
			},
		],
	},
	{
		id: 'image-reverted',
		title: 'Change the image by hand and watch it reverted',
		about: 'The same for a hot fix made with kubectl: the image is whatever Git says.',
		steps: [
			{
				id: 'set-image',
				do: ({namespace}) =>
					`kubectl -n ${namespace} set image deployment/${demoApp.deployment} ${demoApp.container}=${demoApp.imageRepository}:${demoApp.hotfixTag}`,
				uiCommands: [],
				expect: "the image drifts, then is healed back to Git's tag; the pods roll back to it",
				run: async context => {
					const image = `${demoApp.imageRepository}:${demoApp.hotfixTag}`;
					await context.cluster.setImage(context.namespace, demoApp.deployment, demoApp.container, image);
					return {ok: true, message: `set the image of deployment ${demoApp.deployment} to ${image}`, facts: {}};
				},
				done: healedDeployment,
			},
		],
	},
	{
		id: 'bad-tag',
		title: 'Push a bad image tag to Git, then fix it in Git',
		about: 'Git is the source of truth, even when it is wrong: the bad tag is deployed and fails; the fix is another commit.',
		steps: [
			{
				id: 'push-bad-tag',
				do: () => `in the clone: set web.image.tag to ${demoApp.badTag} in ${demoApp.valuesFile}; git commit -am "..."; git push`,
				uiCommands: [],
				expect: 'auto-sync deploys the new commit; the new pod stays in ImagePullBackOff and the app is Degraded',
				run: async context => pushValue(context, ['web', 'image', 'tag'], demoApp.badTag, `web: image ${demoApp.badTag}`),
				done: ({view, observed, outcome}) =>
					atRevision(view, outcome.facts['sha']) && podSeenIn(observed, 'ImagePullBackOff') && observed.healths.includes('Degraded'),
			},
			{
				id: 'revert-bad-tag',
				do: () => 'in the clone: git revert --no-edit HEAD; git push',
				uiCommands: [],
				expect: 'the revert is deployed; the failing pod is replaced and the app is Synced and Healthy',
				run: async context => {
					await context.git.pull();
					return pushed(await context.git.revert('HEAD'));
				},
				done: ({view, outcome}) =>
					atRevision(view, outcome.facts['sha']) &&
					syncedAndHealthy(view) &&
					!podsOf(view).some(pod => pod.liveState === 'ImagePullBackOff'),
			},
		],
	},
	{
		id: 'manual-sync',
		title: 'Switch to manual sync and sync by hand',
		about: 'Without auto-sync a new commit only makes the app OutOfSync; a person decides when it is deployed.',
		steps: [
			{
				id: 'auto-sync-off',
				do: () => `turn auto-sync off; then in the clone: set web.replicas to 3 in ${demoApp.valuesFile}; git commit -am "..."; git push`,
				uiCommands: ['toggleAutoSync'],
				expect: 'the new commit is seen but not deployed: OutOfSync, "spec.replicas" differs',
				run: async context => {
					context.engine.setPolicy(context.app, {autoSync: false});
					return pushValue(context, ['web', 'replicas'], 3, 'web: 3 replicas');
				},
				done: ({view, outcome}) =>
					!view.policy.autoSync && atRevision(view, outcome.facts['sha']) && view.status.syncStatus === 'OutOfSync',
			},
			{
				id: 'sync-by-hand',
				do: () => 'sync, and confirm the plan',
				uiCommands: ['sync', 'confirm'],
				expect: 'the plan lists the Deployment; after it runs, Synced with 3 replicas',
				run: async context => {
					const result = await context.engine.sync(context.app);
					return {ok: result.ok, message: result.message, facts: {sha: context.view().status.revision?.sha ?? ''}};
				},
				done: ({view, observed, outcome}) =>
					syncedByHand(observed) && atRevision(view, outcome.facts['sha']) && view.status.syncStatus === 'Synced',
			},
			{
				id: 'auto-sync-on',
				do: () => 'turn auto-sync back on',
				uiCommands: ['toggleAutoSync'],
				expect: 'auto-sync is on again (the header shows it)',
				run: turnAutoSyncOn,
				done: ({view}) => view.policy.autoSync,
			},
		],
	},
	{
		id: 'prune',
		title: 'Remove a manifest from Git and watch it pruned, then restore it',
		about: 'With prune on, an object Git no longer has is deleted from the cluster; restoring the file brings it back.',
		steps: [
			{
				id: 'git-rm',
				do: () => `in the clone: git rm ${demoApp.configMapTemplate}; git commit -m "..."; git push`,
				uiCommands: [],
				expect: `the ConfigMap ${demoApp.configMap} is pruned (deleted) and the app is Synced without it`,
				run: async context => {
					await context.git.pull();
					await context.git.remove(demoApp.configMapTemplate);
					return pushed(await context.git.commitAndPush(`remove the ${demoApp.configMap} ConfigMap`));
				},
				done: ({view, observed, outcome}) =>
					atRevision(view, outcome.facts['sha']) &&
					recorded(observed, 'pruned', objectName('ConfigMap', view.destination.namespace, demoApp.configMap)) &&
					!objectIn(view, 'ConfigMap', demoApp.configMap),
			},
			{
				id: 'restore',
				do: () => 'in the clone: git revert --no-edit HEAD; git push',
				uiCommands: [],
				expect: `the ConfigMap ${demoApp.configMap} is created again; Synced`,
				run: async context => {
					await context.git.pull();
					return pushed(await context.git.revert('HEAD'));
				},
				done: ({view, outcome}) =>
					atRevision(view, outcome.facts['sha']) && objectIn(view, 'ConfigMap', demoApp.configMap)?.syncStatus === 'Synced',
			},
		],
	},
	{
		id: 'service-recreated',
		title: 'Delete the Service and watch it recreated',
		about: 'A deleted object is drift too ("missing"): self-heal creates it again from Git.',
		steps: [
			{
				id: 'delete-service',
				do: ({namespace}) => `kubectl -n ${namespace} delete service ${demoApp.service}`,
				uiCommands: [],
				expect: `Service ${demoApp.service} is missing for a moment, then created again: Synced`,
				run: async context => {
					await context.cluster.deleteService(context.namespace, demoApp.service);
					return {ok: true, message: `deleted service ${demoApp.service}`, facts: {}};
				},
				done: ({view, observed}) => {
					const name = objectName('Service', view.destination.namespace, demoApp.service);
					const came = recorded(observed, 'healed', name) || (observed.drifts[name] ?? []).includes('missing');
					return came && objectIn(view, 'Service', demoApp.service)?.syncStatus === 'Synced';
				},
			},
		],
	},
	{
		id: 'read-only-403',
		title: 'Try a sync as the read-only user and read the 403',
		about: 'RBAC decides: the user "restricted" may read everything and change nothing, and the API server says so.',
		steps: [
			{
				id: 'sync-as-restricted',
				do: () => 'in the clone: npx driftwatch sync --app application.yaml --context driftwatch-restricted',
				uiCommands: [],
				expect: 'the API server answers 403 Forbidden: User "restricted" cannot patch resource "deployments"',
				run: async context => {
					try {
						await context.cluster.applyAsReadOnlyUser(context.namespace, demoApp.deployment, 2);
						return failed('the read-only user was allowed to write: check its RBAC binding');
					} catch (error) {
						const code = (error as {code?: unknown}).code;
						return {ok: true, message: describeError(error), facts: {code: typeof code === 'string' ? code : 'internal'}};
					}
				},
				done: ({outcome}) => outcome.facts['code'] === 'forbidden',
			},
		],
	},
	{
		id: 'rollback',
		title: 'Roll back to an earlier revision',
		about:
			"A rollback deploys an earlier sync's revision without touching Git, and turns auto-sync off so it sticks; turning auto-sync on returns to Git.",
		steps: [
			{
				id: 'roll-back',
				do: () => 'open the history, pick the first sync (the initial deploy), roll back, and confirm',
				uiCommands: ['history', 'revert', 'confirm'],
				expect:
					"the initial revision is deployed again (2 replicas); auto-sync is off, so the app stays OutOfSync with Git's newest commit",
				run: async context => {
					const view = context.view();
					// The oldest sync kept: the initial deploy, which the exercises before this one changed.
					const current = view.history[0];
					const target = view.history.findLast(record => record.revision !== current?.revision);
					if (!target) return failed('no earlier sync to roll back to: do an exercise that deploys a commit first');
					const result = await context.engine.rollback(context.app, target.id);
					return {ok: result.ok, message: result.message, facts: {sha: target.revision}};
				},
				done: ({view, observed, outcome}) => rolledBackTo(observed, outcome.facts['sha']) && !view.policy.autoSync,
			},
			{
				id: 'back-to-git',
				do: () => 'turn auto-sync back on',
				uiCommands: ['toggleAutoSync'],
				expect: "Git's newest commit is deployed again: Synced",
				run: turnAutoSyncOn,
				done: ({view}) => view.policy.autoSync && view.status.syncStatus === 'Synced',
			},
		],
	},
];
