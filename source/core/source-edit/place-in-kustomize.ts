/**
 * Kustomize sources: images through the kustomization's `images:` entries; other fields through the
 * `replicas:` entry, the patch that sets them, or the kustomization's own resource file; when none
 * does, a new strategic-merge patch in the kustomization's directory. Candidates are tried in that
 * order and the first whose render is exactly the intended one wins. Pure apart from the ports.
 */
import {DriftwatchError} from '../errors.js';
import {parsePointer} from '../json-pointer.js';
import {isRecord} from '../json-value.js';
import {displayKey, type KubeObject} from '../kube-object.js';
import {editRefused, isEditRefused} from './edit-types.js';
import type {FileEdits} from './file-edits.js';
import {type Candidate, imageCandidates, isImagePointer} from './kustomize-images.js';
import {patchCandidates, replicaCandidates, resourceFileCandidates} from './kustomize-patches.js';
import {type Kustomization, listField, namesBeforePrefix, readKustomization} from './kustomization-file.js';
import type {Placement, PlacementStep} from './placement-check.js';
import {describePointer, findRendered} from './rendered-changes.js';
import {joinRepoPath} from './repo-path.js';
import {mergePatchBody, strategicPath} from './strategic-merge-path.js';
import {rewriteYamlDocument} from './yaml-edit.js';
import {blockLines} from './yaml-text.js';

/** Renders are not free: a field with more candidates than this is refused rather than searched. */
const maxCandidates = 12;

/**
 * Places `step.change` in the kustomization at the source path.
 *
 * @throws DriftwatchError 'edit-refused' listing why each candidate did not fit.
 */
export async function placeInKustomize(step: PlacementStep): Promise<Placement> {
	const {change, edits, intended} = step;
	const kustomization = await readKustomization(edits, step.workspace.source.path);
	const object = intended[findRendered(intended, change.object)];
	if (!object) throw editRefused(`${displayKey(change.object)} is not rendered from ${kustomization.path}`);
	const names = namesBeforePrefix(kustomization, change.object.name);
	const candidates = isImagePointer(change.path)
		? imageCandidates(kustomization, change)
		: [
				...replicaCandidates(kustomization, names, change),
				...(await patchCandidates(edits, kustomization, names, change, object)),
				...(await resourceFileCandidates(edits, kustomization, names, change)),
				...(await newPatchCandidates(edits, kustomization, names, change, object)),
			];
	const reasons: string[] = [];
	for (const candidate of candidates.slice(0, maxCandidates)) {
		const fork = edits.fork();
		try {
			await candidate.apply(fork);
			const differences = await step.check.differences(fork, intended);
			if (differences.length === 0) return {edits: fork, placed: {change, file: candidate.file, via: candidate.via}};
			reasons.push(`${candidate.via} would also change ${differences[0]?.description ?? 'other fields'}`);
		} catch (error) {
			if (!isEditRefused(error) && !isRenderFailure(error)) throw error;
			reasons.push(`${candidate.via}: ${error.message}`);
		}
	}
	const field = `${describePointer(change.path)} of ${displayKey(change.object)}`;
	throw editRefused(
		`cannot place ${field} in ${kustomization.path} exactly${reasons.length > 0 ? `: ${reasons.join('; ')}` : ''}`,
		'nothing was written; edit the kustomization by hand',
	);
}

function isRenderFailure(error: unknown): error is DriftwatchError {
	return error instanceof DriftwatchError && (error.code === 'render-failed' || error.code === 'manifest-invalid');
}

/** A new strategic-merge patch file for the object, listed under `patches:`. */
async function newPatchCandidates(
	edits: FileEdits,
	kustomization: Kustomization,
	names: readonly string[],
	change: {path: string; to: unknown},
	object: KubeObject,
): Promise<Candidate[]> {
	if (change.to === undefined) return [];
	const merge = strategicPath(object, parsePointer(change.path), change.to);
	const body = mergePatchBody(merge.path, merge.value);
	if (!isRecord(body)) return [];
	const candidates: Candidate[] = [];
	// The file is named after the object: only names Kubernetes would accept make a file name.
	if (!/^[A-Za-z][A-Za-z0-9]*$/.test(object.kind)) return [];
	for (const name of names.filter(candidate => /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(candidate) && candidate.length <= 253)) {
		const fileName = await freeFileName(edits, kustomization.dir, `${object.kind.toLowerCase()}-${name}-patch`);
		const file = joinRepoPath(kustomization.dir, fileName);
		if (file === undefined) continue;
		const {metadata, ...rest} = body;
		const patch = {apiVersion: object.apiVersion, kind: object.kind, metadata: {name, ...(isRecord(metadata) ? metadata : {})}, ...rest};
		candidates.push({
			via: `new patch ${fileName}`,
			file,
			apply: async target => {
				await target.write(file, `${blockLines(patch, {step: 2, indentSeq: true}).join('\n')}\n`);
				const patches = [...listField(kustomization, 'patches'), {path: fileName}];
				await target.write(kustomization.path, rewriteYamlDocument(kustomization.text, 0, {...kustomization.value, patches}));
			},
		});
	}
	return candidates;
}

async function freeFileName(edits: FileEdits, dir: string, stem: string): Promise<string> {
	for (let attempt = 1; attempt < 100; attempt++) {
		const name = attempt === 1 ? `${stem}.yaml` : `${stem}-${attempt}.yaml`;
		const path = joinRepoPath(dir, name);
		if (path !== undefined && (await edits.text(path)) === undefined) return name;
	}
	throw editRefused(`no free file name for a new patch in ${dir}`);
}
