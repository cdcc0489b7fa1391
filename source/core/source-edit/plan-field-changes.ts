/**
 * The one planner behind set-image, promote and keep: given the field changes wanted in the
 * rendered objects of one app source, find the file edits that produce exactly them, the way the
 * source's renderer expects (plain YAML in place, Kustomize images and patches, Helm values found
 * by probing), and prove it by rendering. The plan is returned for confirmation; nothing is
 * written. Pure apart from the workspace port.
 */
import {deepEqual} from '../json-value.js';
import type {EditPlan, FieldChange, PlacedChange} from './edit-types.js';
import {FileEdits} from './file-edits.js';
import {placeInHelm} from './place-in-helm.js';
import {placeInKustomize} from './place-in-kustomize.js';
import {placeInPlainYaml} from './place-in-plain-yaml.js';
import {type Placement, PlacementCheck, type PlacementStep, type PlanOptions} from './placement-check.js';
import {applyFieldChanges} from './rendered-changes.js';
import type {SourceWorkspace} from './source-workspace.js';

/**
 * The edit plan for `changes` (changes whose field already has the value are skipped). `base`
 * holds edits made before (promote's copied values): the changes are planned on top of them and the
 * plan includes them.
 *
 * @throws DriftwatchError 'edit-refused' when a change cannot be placed exactly, with the reason;
 * render errors of the source as the renderers throw them.
 */
export async function planFieldChanges(
	workspace: SourceWorkspace,
	changes: readonly FieldChange[],
	options: PlanOptions = {},
	base: FileEdits = new FileEdits(workspace),
): Promise<EditPlan> {
	const original = await workspace.render(base.files);
	const check = new PlacementCheck(workspace, original, base.files);
	let edits = base.fork();
	let intended = original.objects;
	const placed: PlacedChange[] = [];
	for (const change of changes) {
		const next = applyFieldChanges(intended, [change]);
		if (deepEqual(next, intended)) continue;
		const step: PlacementStep = {workspace, original, edits, change, intended: next, check, options};
		const placement = await place(step);
		edits = placement.edits;
		placed.push(placement.placed);
		intended = next;
	}
	if (placed.length > 0) await check.require(edits, intended, 'the edit');
	return {files: edits.changes(), placed};
}

async function place(step: PlacementStep): Promise<Placement> {
	switch (step.workspace.kind) {
		case 'directory': {
			const edits = step.edits.fork();
			return {edits, placed: await placeInPlainYaml(step.original.files ?? [], edits, step.change)};
		}
		case 'kustomize':
			return placeInKustomize(step);
		case 'helm':
			return placeInHelm(step);
	}
}
