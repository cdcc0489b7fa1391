/**
 * The headless stream's `status` line, built so that a watch event costs little beyond writing
 * it: a line carries every object's status (README, `watch --no-ui --output jsonl`), but an event
 * changes a few objects and the engine keeps the others' states as they were (the same objects),
 * so each object's JSON text is made once per state and reused, and "did anything change" is a
 * comparison of references before it is one of texts. The text is exactly what JSON.stringify of
 * `{time, type, app, ...statusSummaryJson(status), policy, argocd?}` gives.
 */
import type {ObjectState} from '../core/app-status.js';
import type {AppView, ArgoCdAppFacts} from '../engine/engine-state.js';
import {objectStatusJson, statusHeadJson} from './app-json.js';

/** Each object's JSON text, by its state (states are never edited, only replaced). */
const objectTexts = new WeakMap<ObjectState, string>();

function objectText(object: ObjectState): string {
	let text = objectTexts.get(object);
	if (text === undefined) {
		text = JSON.stringify(objectStatusJson(object));
		objectTexts.set(object, text);
	}
	return text;
}

/** Argo CD's facts on the status line (the operation has lines of its own). */
function argoCdSummary(facts: ArgoCdAppFacts) {
	const {operation: _operation, ...rest} = facts;
	return rest;
}

interface Printed {
	status: AppView['status'];
	/** The app-level fields, and Argo CD's facts but for the time of its last comparison (a line per reconcile would be noise). */
	head: string;
	objects: readonly ObjectState[];
	texts: string[];
}

/** True when the objects say what was printed: the same states, or states with the same text. */
function sameObjects(objects: readonly ObjectState[], printed: Printed): boolean {
	if (objects.length !== printed.objects.length) return false;
	for (let at = 0; at < objects.length; at++) {
		const object = objects[at] as ObjectState;
		if (object !== printed.objects[at] && objectText(object) !== printed.texts[at]) return false;
	}
	return true;
}

/**
 * Returns a function that gives an app's `status` line when it changed since the last one it
 * gave for that app (undefined otherwise, and before the app's first evaluation).
 */
export function statusLines(now: () => Date = () => new Date()): (app: AppView) => string | undefined {
	const last = new Map<string, Printed>();
	return app => {
		const previous = last.get(app.name);
		if (!app.evaluated || previous?.status === app.status) return undefined;
		const {status} = app;
		const argocd = app.argocd ? argoCdSummary(app.argocd) : undefined;
		const head = JSON.stringify([statusHeadJson(status), argocd && {...argocd, reconciledAt: null}]);
		if (previous && previous.head === head && sameObjects(status.objects, previous)) {
			last.set(app.name, {...previous, status, objects: status.objects});
			return undefined;
		}
		const texts = status.objects.map(objectText);
		last.set(app.name, {status, head, objects: status.objects, texts});
		const opening = JSON.stringify({time: now().toISOString(), type: 'status', app: app.name, ...statusHeadJson(status)}).slice(0, -1);
		const closing = JSON.stringify({policy: app.policy, ...(argocd ? {argocd} : {})});
		return `${opening},"objects":[${texts.join(',')}]${closing === '{}' ? '}' : `,${closing.slice(1)}`}`;
	};
}
