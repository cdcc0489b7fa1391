/**
 * Keep a live change: the live values of an object's drifted fields become the desired ones, written
 * to the files that produce them, the way the app's renderer expects. Secrets are refused: their
 * values do not belong in Git in clear. Pure apart from the workspace port.
 */
import type {FieldAttribution} from '../app-status.js';
import {displayKey, type KubeObject, resourceKeyOf} from '../kube-object.js';
import {editRefused, type EditPlan, type FieldChange} from './edit-types.js';
import {keptFieldChanges} from './keep-fields.js';
import {planFieldChanges} from './plan-field-changes.js';
import type {PlanOptions} from './placement-check.js';
import type {SourceWorkspace} from './source-workspace.js';

/** A drifted object as the engine knows it. */
export interface DriftedObject {
	/** The object as rendered from Git. */
	desired: KubeObject;
	/** The object as it is in the cluster. */
	live: KubeObject;
	/** The server's prediction of Git applied (the comparison's right side), when there is one. */
	predicted?: KubeObject;
	/** The drifted fields, as the comparison's JSON pointers (leaves). */
	paths: readonly string[];
	/** Who changed them live (from managedFields). */
	attribution: readonly FieldAttribution[];
}

/**
 * The field changes that keep the live values: each drifted leaf path gets its live value at the
 * same field of Git's object (absent live means the field is removed from Git); values set by hand
 * are cut down to the fields a manager owns, so server defaults never reach Git.
 *
 * @throws DriftwatchError 'edit-refused' for Secrets, objects without drifted fields, and fields
 * that cannot be matched (see {@link keptFieldChanges}).
 */
export function keepChanges(drifted: DriftedObject): FieldChange[] {
	const object = resourceKeyOf(drifted.desired);
	if (object.kind === 'Secret') throw editRefused(`${displayKey(object)} is a Secret: driftwatch does not write secret values to Git`);
	if (drifted.paths.length === 0) throw editRefused(`${displayKey(object)} has no drifted field to keep`);
	return keptFieldChanges(drifted);
}

/**
 * The edit plan that writes the live values of `drifted`'s fields to the source.
 *
 * @throws DriftwatchError 'edit-refused' as {@link keepChanges} and as the planners refuse.
 */
export async function planKeep(workspace: SourceWorkspace, drifted: DriftedObject, options: PlanOptions = {}): Promise<EditPlan> {
	return planFieldChanges(workspace, keepChanges(drifted), options);
}
