/**
 * Why a mutating command cannot run right now, in plain words, or null when it can. The keys stay
 * listed in help either way; help and the status line show this reason instead of hiding them.
 */
import type {AppView, EngineSnapshot, Permission} from '../engine/engine-state.js';
import type {Guard} from './keymap.js';

/** Why nothing mutates in read-only mode. */
export const readOnlyReason = 'driftwatch runs in read-only mode: it watches but never changes the cluster or Git';

function denied(permission: Permission): string | null {
	return permission.allowed ? null : permission.reason || 'not allowed for your kubeconfig user';
}

/**
 * Why driftwatch cannot commit to the app's source, as far as the view tells: a commit SHA is not a
 * branch. Tags and uncommitted local work are found when the edit is planned, and said then.
 */
function writeBlocked(app: AppView): string | null {
	const revision = app.source.targetRevision;
	return /^[0-9a-f]{7,40}$/i.test(revision)
		? `the app follows commit ${revision.slice(0, 7)}, not a branch: driftwatch commits only to a branch`
		: null;
}

/** The reason a guarded command cannot run, or null (also for unguarded commands). */
export function unavailableReason(guard: Guard | undefined, snapshot: EngineSnapshot, app: AppView | undefined): string | null {
	if (guard === undefined) return null;
	if (snapshot.readOnly) return readOnlyReason;
	if (!app) return 'no app is selected';
	switch (guard) {
		case 'sync':
			return denied(app.permissions.sync);
		case 'prune':
			return denied(app.permissions.prune);
		case 'revert':
			return denied(app.permissions.revert);
		case 'policy':
			// Auto-sync and self-heal change the cluster through syncs, so they need what sync needs.
			return denied(app.permissions.sync);
		case 'write':
			return writeBlocked(app);
	}
}
