/**
 * Promote: make one environment's workloads run another's images, and with `--values` copy chosen
 * Helm values, as one edit of the target environment's own files. Containers are paired by kind
 * and name; when a name is not unique, by object name; when that is not enough, the promotion is
 * refused rather than guessed. Pure apart from the workspace ports.
 */
import {displayKey, type KubeObject} from '../kube-object.js';
import {editRefused, type EditPlan, type FieldChange} from './edit-types.js';
import {FileEdits} from './file-edits.js';
import {describeValuePath, mergeValues, readHelmValues, valueAtPath, valuesOf} from './helm-values.js';
import {withFile} from './place-in-plain-yaml.js';
import {planFieldChanges} from './plan-field-changes.js';
import type {SourceWorkspace} from './source-workspace.js';
import {workloadContainers} from './workload-containers.js';
import {setInYaml} from './yaml-edit.js';
import type {YamlPath} from './yaml-syntax.js';

/** A Helm value copied from one environment to the other. */
export interface ValueCopy {
	/** As given: 'resources.limits.memory'. */
	key: string;
	value: unknown;
	/** The target environment's file it was written to. */
	file: string;
}

export interface Promotion {
	plan: EditPlan;
	copies: ValueCopy[];
	/** Target containers with no counterpart in the source environment (left as they are). */
	unmatched: string[];
}

/**
 * Plans the promotion from `from` to `to` (two sources of the same renderer).
 *
 * @throws DriftwatchError 'edit-refused' with the reason.
 */
export async function planPromotion(from: SourceWorkspace, to: SourceWorkspace, keys: readonly string[] = []): Promise<Promotion> {
	if (from.kind !== to.kind) throw editRefused(`the environments use different renderers (${from.kind} and ${to.kind})`);
	if (keys.length > 0 && to.kind !== 'helm') throw editRefused('--values copies Helm values; these environments are not Helm charts');
	const edits = new FileEdits(to);
	const copies: ValueCopy[] = [];
	let writable: string[] | undefined;
	if (to.kind === 'helm') {
		const fromValues = await readHelmValues(new FileEdits(from), from.source);
		const toValues = await readHelmValues(edits, to.source);
		writable = toValues.appFiles.filter(file => !fromValues.appFiles.includes(file));
		if (writable.length === 0)
			throw editRefused(
				`the target environment has no value file of its own (it uses ${toValues.appFiles.join(', ') || 'only the chart defaults'})`,
			);
		const merged = mergeValues(fromValues.layers);
		for (const key of keys) copies.push(await copyValue(edits, writable, key, merged));
	}
	const [source, target] = await Promise.all([from.render(), to.render(edits.files)]);
	const {changes, unmatched} = promotionChanges(source.objects, target.objects);
	const plan = await planFieldChanges(to, changes, writable ? {helmValueFiles: writable} : {}, edits);
	return {plan, copies: copies.filter(copy => plan.files.some(file => file.path === copy.file)), unmatched};
}

/** 'a.b[0].c' -> ['a', 'b', 0, 'c']. */
export function parseValueKey(key: string): YamlPath | undefined {
	if (!/^[^.[\]]+(?:\.[^.[\]]+|\[\d+\])*$/.test(key)) return undefined;
	return [...key.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(match => (match[2] !== undefined ? Number(match[2]) : (match[1] ?? '')));
}

async function copyValue(
	edits: FileEdits,
	writable: readonly string[],
	key: string,
	fromValues: Record<string, unknown>,
): Promise<ValueCopy> {
	const path = parseValueKey(key);
	if (!path) throw editRefused(`"${key}" is not a value key (write it as image.tag or sidecars[0].image)`);
	const value = valueAtPath(fromValues, path);
	if (value === undefined) throw editRefused(`the source environment does not set ${describeValuePath(path)}`);
	let file = writable.at(-1) ?? '';
	for (const candidate of [...writable].reverse()) {
		const text = await edits.text(candidate);
		if (text !== undefined && valueAtPath(valuesOf(text), path) !== undefined) {
			file = candidate;
			break;
		}
	}
	try {
		await edits.write(file, setInYaml((await edits.text(file)) ?? '', 0, path, value));
	} catch (error) {
		throw withFile(error, file);
	}
	return {key, value, file};
}

/** The image changes that make `to`'s containers run the images of their counterparts in `from`. */
export function promotionChanges(from: readonly KubeObject[], to: readonly KubeObject[]): {changes: FieldChange[]; unmatched: string[]} {
	const sources = workloadContainers(from);
	const targets = workloadContainers(to);
	const changes: FieldChange[] = [];
	const unmatched: string[] = [];
	for (const target of targets) {
		const sameKind = (candidate: (typeof sources)[number]) =>
			candidate.object.kind === target.object.kind && candidate.name === target.name && candidate.list === target.list;
		const candidates = sources.filter(sameKind);
		const rivals = targets.filter(sameKind);
		const described = `${displayKey(target.object)} container ${target.name}`;
		let source = candidates.length === 1 && rivals.length === 1 ? candidates[0] : undefined;
		if (!source && candidates.length > 0) {
			const byName = candidates.filter(candidate => candidate.object.name === target.object.name);
			if (byName.length !== 1)
				throw editRefused(
					`cannot tell which ${target.object.kind} container ${target.name} of the source environment is the one of ${described}`,
				);
			source = byName[0];
		}
		if (!source) {
			unmatched.push(described);
			continue;
		}
		if (source.image !== target.image) changes.push({object: target.object, path: target.pointer, from: target.image, to: source.image});
	}
	return {changes, unmatched};
}
