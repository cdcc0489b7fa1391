/**
 * Which chart values fill a rendered field, found by rendering, never by guessing from names: the
 * candidate values are set to unique probe strings (`dwprb7x`) in one extra value file, the chart is
 * rendered with the real `helm template`, and the field shows which probes reached it. A probe
 * render that fails or loses the object (a value that also names objects, or feeds a function that
 * wants a number) is split in halves until the values that matter are isolated. Pure apart from
 * rendering through the workspace port.
 */
import {parsePointer, valueAt} from '../json-pointer.js';
import {cloneJson} from '../json-value.js';
import type {KubeObject, ResourceKey} from '../kube-object.js';
import {editRefused} from './edit-types.js';
import type {FileEdits} from './file-edits.js';
import {valueLeaves} from './helm-values.js';
import {findRendered} from './rendered-changes.js';
import type {SourceWorkspace} from './source-workspace.js';
import {containsProbe, fillTemplate, parseTemplate, probeToken, type TemplatePart, templateValues} from './value-template.js';
import {withValueAt} from './yaml-edit.js';
import type {YamlPath} from './yaml-syntax.js';

/** Probe renders allowed for one field before giving up. */
const maxProbeRenders = 16;

export interface ValueMapping {
	/** The field as a template over the values below. */
	template: TemplatePart[];
	/** Value number -> its path in the values. */
	paths: Map<number, YamlPath>;
	/** Value number -> its current text. */
	current: Map<number, string>;
}

export interface ProbeRequest {
	workspace: SourceWorkspace;
	edits: FileEdits;
	/** The merged values the app renders with. */
	values: Record<string, unknown>;
	object: ResourceKey;
	pointer: string;
	/** The field's current rendered value. */
	from: unknown;
	/** The render without probes: it must not contain probe strings already. */
	original: readonly KubeObject[];
}

/**
 * The values that fill the field, with the field's template; undefined when no value reaches it.
 *
 * @throws DriftwatchError 'edit-refused' when the probe budget runs out.
 */
export async function probeValueMapping(request: ProbeRequest): Promise<ValueMapping | undefined> {
	if (containsProbe(JSON.stringify(request.original)))
		throw editRefused('the chart already renders probe strings (dwprb<n>x); driftwatch cannot probe it');
	const candidates = relevantLeaves(request.values, request.from);
	if (candidates.length === 0) return undefined;
	const current = new Map(candidates.map((leaf, index) => [index, scalarString(leaf.value)]));
	let renders = 0;
	const probe = async (indices: readonly number[]): Promise<unknown> => {
		if (++renders > maxProbeRenders)
			throw editRefused(`the chart needed more than ${maxProbeRenders} probe renders to find the value of this field`);
		let probed = cloneJson(request.values);
		for (const index of indices) probed = withValueAt(probed, candidates[index]?.path ?? [], probeToken(index)) as Record<string, unknown>;
		let objects: KubeObject[];
		try {
			objects = (await request.workspace.render(request.edits.files, JSON.stringify(probed))).objects;
		} catch {
			return undefined;
		}
		const target = findProbedObject(objects, request.object, current);
		return target === undefined ? undefined : valueAt(target, parsePointer(request.pointer));
	};
	const found = new Set<number>();
	let template: TemplatePart[] | undefined;
	const queue: number[][] = [candidates.map((_, index) => index)];
	while (queue.length > 0) {
		const indices = queue.shift() ?? [];
		const field = await probe(indices);
		if (field === undefined && indices.length > 1) {
			const half = Math.ceil(indices.length / 2);
			queue.push(indices.slice(0, half), indices.slice(half));
			continue;
		}
		if (typeof field !== 'string' || !containsProbe(field)) continue;
		const parts = parseTemplate(field);
		for (const value of templateValues(parts)) if (indices.includes(value)) found.add(value);
		if (indices.length === candidates.length) template = parts;
	}
	if (found.size === 0) return undefined;
	if (template === undefined) {
		// The values were found in separate halves: one more render with just them shows the whole field.
		const field = await probe([...found]);
		if (typeof field !== 'string') return undefined;
		template = parseTemplate(field);
	}
	const used = templateValues(template);
	return {
		template,
		paths: new Map(used.map(index => [index, candidates[index]?.path ?? []])),
		current: new Map(used.map(index => [index, current.get(index) ?? ''])),
	};
}

/**
 * The values worth probing: those whose text appears in the field's current value, and empty ones
 * (a template may fall back to a default when they are empty). Others cannot be what fills it.
 */
function relevantLeaves(values: Record<string, unknown>, from: unknown): Array<{path: YamlPath; value: unknown}> {
	const text = from === undefined || from === null ? '' : typeof from === 'string' ? from : JSON.stringify(from);
	return valueLeaves(values).filter(leaf => scalarString(leaf.value) === '' || text.includes(scalarString(leaf.value)));
}

/** A value leaf as the text a template prints for it ('' for null). */
function scalarString(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** The object in a probe render, recognised by its identity once probe strings in names are read as their values. */
function findProbedObject(objects: readonly KubeObject[], key: ResourceKey, current: ReadonlyMap<number, string>): KubeObject | undefined {
	const readable = objects.map(object => {
		const name = object.metadata.name;
		const namespace = object.metadata.namespace;
		if (!containsProbe(name) && (namespace === undefined || !containsProbe(namespace))) return object;
		const metadata = {...object.metadata, name: fillTemplate(parseTemplate(name), current)};
		if (namespace !== undefined) metadata.namespace = fillTemplate(parseTemplate(namespace), current);
		return {...object, metadata};
	});
	const index = findRendered(readable, key);
	return index < 0 ? undefined : objects[index];
}
