/** Plain-words titles and outcomes of the mutating actions, for the dialog and the status line. */
import type {ActionResult, AppPolicy} from '../engine/engine-state.js';
import {displayKey} from '../core/kube-object.js';
import type {ActionRequest} from './ui-context.js';

/** keep, set-image and promote: commits to Git. */
export function isSourceEdit(request: ActionRequest): request is Extract<ActionRequest, {kind: 'keep' | 'set-image' | 'promote'}> {
	return request.kind === 'keep' || request.kind === 'set-image' || request.kind === 'promote';
}

const policyNames: Record<keyof AppPolicy, string> = {autoSync: 'auto-sync', selfHeal: 'self-heal', prune: 'prune'};

/** 'Sync web', 'Revert commit a1b2c3d in web', 'Turn self-heal on for web'. */
export function describeRequest(request: ActionRequest): string {
	switch (request.kind) {
		case 'sync': {
			const count = request.resources?.length ?? 0;
			return count > 0 ? `Sync ${count} selected object${count === 1 ? '' : 's'} of ${request.app}` : `Sync ${request.app}`;
		}
		case 'revert':
			return request.sha ? `Revert commit ${request.sha.slice(0, 7)} in ${request.app}` : `Revert the deployed commit of ${request.app}`;
		case 'rollback':
			return `Roll back ${request.app} to sync #${request.historyId}`;
		case 'keep':
			return `Keep the live change of ${displayKey(request.key)} in Git`;
		case 'set-image': {
			const scope = request.resources?.length ? request.resources.join(', ') : request.app;
			return `Set image ${request.assignments.join(' ')} in ${scope}`;
		}
		case 'promote':
			return `Promote ${request.from} to ${request.to}`;
		case 'policy':
			return Object.entries(request.patch)
				.map(([field, on]) => `Turn ${policyNames[field as keyof AppPolicy]} ${on ? 'on' : 'off'} for ${request.app}`)
				.join(', ');
	}
}

/** What turning a policy on or off does, shown in its confirmation. */
export function policyNotes(patch: Partial<AppPolicy>): string[] {
	const notes: string[] = [];
	if (patch.autoSync !== undefined)
		notes.push(patch.autoSync ? 'New commits will be applied automatically.' : 'New commits will wait for a manual sync.');
	if (patch.selfHeal !== undefined)
		notes.push(
			patch.selfHeal ? 'Live changes that drift from Git will be reverted automatically.' : 'Live drift will be reported but left alone.',
		);
	if (patch.prune !== undefined)
		notes.push(
			patch.prune ? 'Syncs will delete tracked objects that Git no longer has.' : 'Syncs will leave objects that Git no longer has.',
		);
	return notes;
}

/** '✔ Sync web: applied 2, deleted 0' or '✖ Sync web failed: message'. */
export function describeResult(request: ActionRequest, result: ActionResult): string {
	const title = describeRequest(request);
	if (!result.ok) return `✖ ${title} failed: ${result.message || result.errors[0] || 'unknown error'}`;
	if (isSourceEdit(request)) return `✔ ${title}: ${result.message}`;
	return `✔ ${title}: applied ${result.applied.length}, deleted ${result.deleted.length}${result.message ? ` (${result.message})` : ''}`;
}
