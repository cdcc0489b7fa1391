/**
 * The audit record of an event, if it has one: every write driftwatch does or refuses (syncs,
 * heals, prunes, reverts, rollbacks, Rollouts actions, policy changes), with the kubeconfig user
 * whose credentials sent the requests. Derived from the event's fields. Pure.
 */
import type {AuditEntry} from '../core/audit-entry.js';
import type {AppEvent} from './app-events.js';
import type {SyncInitiator} from './timeline-event.js';

export function auditEntryOf(app: string, event: AppEvent): AuditEntry | undefined {
	const time = new Date('time' in event ? event.time : 0).toISOString();
	const entry = (fields: Omit<AuditEntry, 'time' | 'app'>): AuditEntry => ({
		time,
		app,
		...fields,
		...(fields.revision ? {revision: fields.revision} : {}),
	});
	switch (event.type) {
		case 'SyncRefused': {
			const message = event.cause === 'read-only' ? 'sync refused: read-only mode (--read-only)' : `sync refused: ${event.reason}`;
			return entry({
				user: event.user,
				action: 'sync',
				...(event.revision ? {revision: event.revision} : {}),
				objects: event.objects,
				result: 'refused',
				message: policyPrefix(event.initiator) + message,
			});
		}
		case 'SyncFinished': {
			const {result} = event;
			const base = {
				user: event.user,
				...(event.revision ? {revision: event.revision.sha} : {}),
				objects: event.objects,
			};
			if (event.dryRun) return entry({...base, action: 'sync', result: 'dry-run', message: policyPrefix(event.initiator) + result.message});
			const action = event.initiator === 'self-heal' ? 'heal' : 'sync';
			if (result.ok) return entry({...base, action, result: 'succeeded', message: policyPrefix(event.initiator) + result.message});
			return entry({
				...base,
				action,
				result: 'failed',
				message: policyPrefix(event.initiator) + [result.message, ...result.errors].join('; '),
			});
		}
		case 'PolicyChanged':
			return entry({
				user: event.user,
				action: 'policy',
				result: 'succeeded',
				message: Object.entries(event.patch)
					.map(([name, value]) => `${name} ${value ? 'on' : 'off'}`)
					.join(', '),
			});
		case 'Reverted':
			return entry({
				user: event.user,
				action: 'revert',
				revision: event.commit.sha,
				result: 'succeeded',
				message: `reverted ${event.target.slice(0, 7)} with ${event.commit.shortSha}: ${event.commit.subject}${event.pushed ? ' (pushed)' : ''}`,
			});
		case 'RolledBack':
			return entry({
				user: event.user,
				action: 'rollback',
				revision: event.revision.sha,
				result: event.ok ? 'succeeded' : 'failed',
				message: `rolled back to ${event.revision.shortSha} (${event.revision.subject})${event.turnedOff.length > 0 ? `; ${event.turnedOff.join(' and ')} turned off so the next poll does not undo it` : ''}`,
			});
		case 'RolloutActionSent':
			return entry({
				user: event.user,
				action: `rollout-${event.action}`,
				objects: [event.object],
				result: 'succeeded',
				message: `${event.object}: ${event.action}${event.full ? ' (full)' : ''} sent (${event.patches} patch${event.patches === 1 ? '' : 'es'})`,
			});
		case 'SourceEdited': {
			const {edit} = event;
			const by = edit.changedBy.length > 0 ? ` (changed live by ${edit.changedBy.join(', ')})` : '';
			const where = edit.pushed ? `pushed to ${edit.branch}` : `committed on ${edit.branch}`;
			return entry({
				user: event.user,
				action: edit.action,
				revision: edit.commit.sha,
				objects: edit.objects,
				result: 'succeeded',
				message: `${edit.action}: ${edit.fields.join(', ')}${by}; ${edit.commit.shortSha} "${edit.commit.subject}" by ${edit.commit.author}, ${where}`,
			});
		}
		case 'ActionFailed': {
			if (!event.audit) return undefined;
			const verb = event.operation === 'rollout' ? `rollout ${event.action ?? ''}`.trim() : event.operation;
			const reason = event.error.hint ? `${event.error.message} (${event.error.hint})` : event.error.message;
			const message = event.refused
				? `${verb} refused: ${reason}`
				: `${verb}${event.subject ? ` of ${event.subject}` : ''} failed: ${reason}`;
			return entry({
				user: event.audit.user,
				action: event.operation === 'rollout' ? `rollout-${event.action ?? ''}` : event.operation,
				...(event.audit.revision ? {revision: event.audit.revision} : {}),
				...(event.audit.objects ? {objects: event.audit.objects} : {}),
				result: event.refused ? 'refused' : 'failed',
				message,
			});
		}
		default:
			return undefined;
	}
}

/** The audit names the policy that acted; the user is always the kubeconfig user. */
function policyPrefix(initiator: SyncInitiator): string {
	return initiator === 'user' || initiator === 'rollback' ? '' : `${initiator}: `;
}
