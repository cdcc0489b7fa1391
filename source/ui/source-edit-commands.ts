/**
 * What K (keep), I (set image) and E (promote) do on the app screen: keep asks for the plan of a
 * drifted object's live change; set image opens the `:` prompt with `set-image KIND/NAME
 * CONTAINER=IMAGE:` filled from the live workload, so only the tag is left to type; promote plans
 * this environment to the other when the app has exactly one other, else opens `:promote `.
 */
import {displayKey, type ResourceKey} from '../core/kube-object.js';
import {isRecord} from '../core/json-value.js';
import type {ObjectState} from '../core/app-status.js';
import type {AppView} from '../engine/engine-state.js';
import {promotionDirection, siblingEnvironments} from '../core/source-edit/promote-environments.js';
import {errorLine} from '../presentation/error-text.js';
import type {UiContextValue} from './ui-context.js';

type Ui = Pick<UiContextValue, 'dispatch' | 'request' | 'actions'>;

function error(ui: Ui, text: string): void {
	ui.dispatch({type: 'notify', message: {tone: 'error', text}});
}

/** K on an object: plan keeping its live change, or say why there is nothing to keep. */
export function requestKeep(app: AppView, object: ObjectState | undefined, ui: Ui): void {
	if (!object || object.drift === 'none') {
		return error(ui, 'K keeps a live change: put the cursor on a drifted object (~ modified) first.');
	}
	if (object.drift !== 'modified') {
		return error(ui, `${displayKey(object.key)} is ${object.drift}: K keeps changed fields of an object both Git and the cluster have.`);
	}
	ui.request({kind: 'keep', app: app.name, key: object.key});
}

/** Kinds whose pod template holds containers, and where. */
const templates: Record<string, string[]> = {
	Deployment: ['spec', 'template', 'spec'],
	StatefulSet: ['spec', 'template', 'spec'],
	DaemonSet: ['spec', 'template', 'spec'],
	ReplicaSet: ['spec', 'template', 'spec'],
	Job: ['spec', 'template', 'spec'],
	Rollout: ['spec', 'template', 'spec'],
	CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** The first container's name and image without its tag, from a live workload. */
export function firstContainer(live: unknown, kind: string): {name: string; image: string} | undefined {
	let node: unknown = live;
	for (const segment of templates[kind] ?? []) node = isRecord(node) ? node[segment] : undefined;
	const containers = isRecord(node) ? node['containers'] : undefined;
	const first: unknown = Array.isArray(containers) ? containers[0] : undefined;
	if (!isRecord(first) || typeof first['name'] !== 'string' || typeof first['image'] !== 'string') return undefined;
	const image = first['image'].split('@')[0] ?? '';
	const colon = image.lastIndexOf(':');
	return {name: first['name'], image: colon > image.lastIndexOf('/') ? image.slice(0, colon) : image};
}

/** I on a workload: the `:set-image` prompt, filled from the live object. */
export function promptSetImage(app: AppView, key: ResourceKey | undefined, managed: boolean, ui: Ui): void {
	if (!key || !managed || !templates[key.kind]) {
		return error(ui, 'I sets the image of a workload Git manages: put the cursor on a Deployment, StatefulSet, DaemonSet, Job or CronJob.');
	}
	const target = `${key.kind}/${key.name}`;
	ui.actions.liveObject(app.name, key).then(
		live => {
			const container = firstContainer(live, key.kind);
			const text = container ? `set-image ${target} ${container.name}=${container.image}:` : `set-image ${target} `;
			ui.dispatch({type: 'openPrompt', mode: 'command', text});
		},
		(failure: unknown) =>
			error(ui, `Set image: reading ${target} failed, ${errorLine(failure)}. Type :set-image ${target} CONTAINER=IMAGE:TAG.`),
	);
}

/**
 * E on an app: with exactly two environments (apps NAME-ENV, this one and one other), plans
 * promoting along the usual path (dev to prod, canary to stable), else this app's environment to
 * the other; otherwise (several, or overlays and value files
 * the view cannot list) opens the `:promote ` prompt for the user to name them.
 */
export function requestPromote(app: AppView, apps: ReadonlyArray<{name: string}>, ui: Ui): void {
	const environments = siblingEnvironments(apps, app.name);
	const [own, other, third] = environments;
	if (own !== undefined && other !== undefined && third === undefined) {
		ui.request({kind: 'promote', app: app.name, ...promotionDirection(own, other)});
		return;
	}
	ui.dispatch({type: 'openPrompt', mode: 'command', text: 'promote '});
}
