/**
 * A timeline entry in words, for the timeline screen, the JSON-lines stream (`message`) and
 * anything else that tells people what happened: "new commit 3f9a1c2: bump UI (Ana)",
 * "Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)", "Healthy → Degraded: ...".
 * The engine records facts (source/engine/timeline-event.ts); only this file says them.
 */
import type {TimelineEvent} from '../engine/timeline-event.js';
import {describeDrift} from './drift.js';
import {formatDuration} from './duration.js';
import {fieldPath} from './field-path.js';

const policyWords = {autoSync: 'auto-sync', selfHeal: 'self-heal', prune: 'prune'} as const;

/** The object an entry is about (display key, 'Deployment/demo/web'), if any. */
export function timelineObject(entry: TimelineEvent): string | undefined {
	return 'object' in entry ? entry.object : undefined;
}

/** The whole sentence for one entry, naming its object; `now` (epoch ms) adds ages to attributions. */
export function describeTimelineEvent(entry: TimelineEvent, now?: number): string {
	const change = describeTimelineChange(entry, now);
	switch (entry.type) {
		case 'drift-detected':
		case 'healed':
		case 'rollout-action':
		case 'rollout-started':
		case 'rollout-finished':
			return `${entry.object}: ${change}`;
		case 'drift-resolved':
		case 'pruned':
		case 'heal-backoff':
			return `${entry.object} ${change}`;
		default:
			return change;
	}
}

/** The sentence without the object the entry is about, for views that show the object in a column of its own. */
export function describeTimelineChange(entry: TimelineEvent, now?: number): string {
	switch (entry.type) {
		case 'commit-seen':
			return entry.first
				? `watching ${entry.revision.shortSha}: ${entry.revision.subject}`
				: `new commit ${entry.revision.shortSha}: ${entry.revision.subject} (${entry.revision.author})`;
		case 'drift-detected':
			return describeDrift(entry, now);
		case 'drift-resolved':
			return 'is in sync again';
		case 'sync-started':
			return `sync of ${entry.revision?.shortSha ?? '?'} started by ${entry.by}`;
		case 'synced':
			return `synced ${entry.revision?.shortSha ?? ''} (${entry.initiator}): ${entry.outcome}`;
		case 'sync-failed':
			if (entry.cause === 'read-only') return 'sync refused: read-only mode (--read-only)';
			if (entry.cause === 'refused') return `sync refused: ${entry.reason}`;
			return `${entry.initiator === 'self-heal' ? 'self-heal' : 'sync'} failed: ${entry.reason}${entry.errors.length > 0 ? ` — ${entry.errors.join('; ')}` : ''}`;
		case 'healed':
			return `reverted (${describeDrift(entry, now)})`;
		case 'heal-backoff':
			return `keeps changing back (${entry.heals} heals in a row); next heal in ${formatDuration(entry.delayMs)}`;
		case 'pruned':
			return 'deleted (no longer in Git)';
		case 'health-changed':
			return `${entry.from} → ${entry.to}${entry.message ? `: ${entry.message}` : ''}`;
		case 'policy-changed':
			return (Object.keys(policyWords) as Array<keyof typeof policyWords>)
				.filter(name => entry.changes[name] !== undefined)
				.map(name => `${policyWords[name]} ${entry.changes[name] ? 'on' : 'off'}`)
				.join(', ');
		case 'reverted':
			return `reverted ${entry.target.slice(0, 7)} with ${entry.commit.shortSha}: ${entry.commit.subject}${entry.pushed ? ' (pushed)' : ''}`;
		case 'rolled-back': {
			const turnedOff = entry.turnedOff.length > 0 ? `; ${entry.turnedOff.join(' and ')} turned off so the next poll does not undo it` : '';
			return `rolled back to ${entry.revision.shortSha} (${entry.revision.subject})${turnedOff}`;
		}
		case 'rollout-action':
			return `${entry.action}${entry.full ? ' (full)' : ''} sent (${entry.patches} patch${entry.patches === 1 ? '' : 'es'})`;
		case 'rollout-started':
			return `rolling out ${entry.images.join(', ') || 'a new pod template'}`;
		case 'rollout-finished':
			return entry.health === 'Healthy'
				? `rolled out in ${formatDuration(entry.durationMs)}: Healthy`
				: `rollout Degraded after ${formatDuration(entry.durationMs)}${entry.message ? `: ${entry.message}` : ''}`;
		case 'source-edited':
			return describeSourceEdit(entry);
		case 'error':
			return describeFailure(entry);
	}
}

function describeSourceEdit(entry: Extract<TimelineEvent, {type: 'source-edited'}>): string {
	const fields = entry.fields.map(fieldPath).join(', ');
	const objects = entry.objects.join(', ');
	const commit = `${entry.commit.shortSha} "${entry.commit.subject}"${entry.pushed ? ' (pushed)' : ''}`;
	switch (entry.action) {
		case 'keep': {
			const by = entry.changedBy.length > 0 ? ` (changed by ${entry.changedBy.join(', ')})` : '';
			return `kept live ${fields} of ${objects}${by} in Git: ${commit}`;
		}
		case 'set-image':
			return `set image of ${objects} in Git: ${commit}`;
		case 'promote':
			return `promoted ${objects} in Git: ${commit}`;
	}
}

function describeFailure(entry: Extract<TimelineEvent, {type: 'error'}>): string {
	const reason = entry.hint ? `${entry.message} (${entry.hint})` : entry.message;
	switch (entry.operation) {
		case 'git':
			return `Git: ${reason}`;
		case 'evaluation':
			return reason;
		case 'audit':
			return `audit log: ${reason}`;
		case 'notify':
			return `notification not delivered: ${reason}`;
		default: {
			const verb = entry.operation === 'rollout' ? `rollout ${entry.action ?? ''}`.trimEnd() : entry.operation;
			if (entry.refused) return `${verb} refused: ${reason}`;
			return `${verb}${entry.subject ? ` of ${entry.subject}` : ''} failed: ${reason}`;
		}
	}
}
