/**
 * The diff screen's document: one object's unified YAML diff, or every drifted object of the app
 * one after another, as tone-tagged lines the screen slices to the visible window. Pure.
 */
import type {ObjectState} from '../core/app-status.js';
import type {DiffSummary, UnifiedLine} from '../core/diff-objects.js';
import {displayKey, keyString, type ResourceKey} from '../core/kube-object.js';
import type {AppView} from '../engine/engine-state.js';
import {describeAttribution} from '../presentation/attribution.js';

/** How a diff line is colored: added, removed, context, hunk header, object title, attribution note. */
export type DiffTone = 'add' | 'remove' | 'context' | 'hunk' | 'title' | 'note';

/** A diff line as shown. */
export interface DiffLine {
	tone: DiffTone;
	text: string;
}

/** What the diff screen shows. */
export interface DiffDocument {
	/** 'Deployment/demo/web' or 'web (3 objects)'. */
	title: string;
	summary: DiffSummary;
	/** Attribution sentences shown above a single object's diff (inline for a whole app). */
	attribution: string[];
	lines: DiffLine[];
}

const tones: Record<UnifiedLine['op'], DiffTone> = {'+': 'add', '-': 'remove', ' ': 'context', '@': 'hunk'};

/** A unified line as printed: '+  replicas: 3'; headers and hunks as their text alone. */
export function diffLine(line: UnifiedLine): DiffLine {
	return {tone: tones[line.op], text: line.op === '@' ? line.text : `${line.op}${line.text}`};
}

/** Objects with a difference to show, in display order. */
export function driftedObjects(app: AppView): ObjectState[] {
	return app.status.objects
		.filter(object => object.drift !== 'none' && object.diff !== null)
		.sort((a, b) => displayKey(a.key).localeCompare(displayKey(b.key)));
}

/** '+1 -0 ~2'. */
export function summaryText(summary: DiffSummary): string {
	return `+${summary.added} -${summary.removed} ~${summary.changed}`;
}

function linesOf(object: ObjectState, full: ReadonlyMap<string, UnifiedLine[]>): UnifiedLine[] {
	return full.get(keyString(object.key)) ?? object.diff?.unified ?? [];
}

/**
 * @param object one object's key, or undefined for the whole app.
 * @param full whole-object diffs by keyString, when the engine provides them (full mode).
 */
export function diffDocument(
	app: AppView,
	object: ResourceKey | undefined,
	now: number,
	full: ReadonlyMap<string, UnifiedLine[]> = new Map(),
): DiffDocument {
	if (object) {
		const state = app.status.objects.find(candidate => keyString(candidate.key) === keyString(object));
		return {
			title: displayKey(object),
			summary: state?.diff?.summary ?? {added: 0, removed: 0, changed: 0},
			attribution: (state?.attribution ?? []).map(attribution => describeAttribution(attribution, now)),
			lines: state ? linesOf(state, full).map(diffLine) : [],
		};
	}
	const objects = driftedObjects(app);
	const summary: DiffSummary = {added: 0, removed: 0, changed: 0};
	const lines: DiffLine[] = [];
	for (const state of objects) {
		const part = state.diff?.summary ?? summary;
		summary.added += part.added;
		summary.removed += part.removed;
		summary.changed += part.changed;
		if (lines.length > 0) lines.push({tone: 'context', text: ''});
		lines.push({tone: 'title', text: `── ${displayKey(state.key)} · ${state.drift} · ${summaryText(part)}`});
		for (const attribution of state.attribution) lines.push({tone: 'note', text: `   ${describeAttribution(attribution, now)}`});
		lines.push(...linesOf(state, full).map(diffLine));
	}
	const noun = objects.length === 1 ? 'object' : 'objects';
	return {title: `${app.name} (${objects.length} drifted ${noun})`, summary, attribution: [], lines};
}
