import {describe, expect, it} from 'vitest';
import {
	badgeText,
	driftBadge,
	healthBadge,
	liveStateBadge,
	syncBadge,
	timelineBadge,
	watchBadge,
} from '../../../source/presentation/badges.js';

describe('status badges (one definition for UI and CLI)', () => {
	it.each([
		[syncBadge('Synced'), '✔ Synced', 'success'],
		[syncBadge('OutOfSync'), '↻ OutOfSync', 'warning'],
		[syncBadge('Unknown'), '? Unknown', 'muted'],
		[healthBadge('Healthy'), '♥ Healthy', 'success'],
		[healthBadge('Progressing'), '◐ Progressing', 'info'],
		[healthBadge('Degraded'), '✖ Degraded', 'danger'],
		[healthBadge('Suspended'), '⏸ Suspended', 'special'],
		[healthBadge('Missing'), '? Missing', 'warning'],
		[healthBadge('Unknown'), '? Unknown', 'muted'],
		[driftBadge('modified'), '~ modified', 'warning'],
		[driftBadge('missing'), '- missing', 'danger'],
		[driftBadge('extra'), '+ extra', 'special'],
		[watchBadge('live'), '● live', 'success'],
		[watchBadge('connecting'), '◌ connecting', 'info'],
		[watchBadge('reconnecting'), '↻ reconnecting', 'warning'],
		[watchBadge('failed'), '✖ failed', 'danger'],
		[timelineBadge('drift-detected'), '↻ drift', 'warning'],
		[timelineBadge('sync-failed'), '✖ sync failed', 'danger'],
		[timelineBadge('commit-seen'), '⎇ commit', 'accent'],
		[liveStateBadge('CrashLoopBackOff'), 'CrashLoopBackOff', 'danger'],
		[liveStateBadge('ContainerCreating'), 'ContainerCreating', 'warning'],
		[liveStateBadge('Running'), 'Running', 'success'],
		[liveStateBadge('Waiting'), 'Waiting', 'muted'],
	])('%o reads %s in tone %s', (badge, text, tone) => {
		expect(badgeText(badge)).toBe(text);
		expect(badge.tone).toBe(tone);
	});

	it('is blank for no status, so columns stay in place', () => {
		for (const badge of [syncBadge(undefined), healthBadge(null), driftBadge('none'), liveStateBadge(undefined)]) {
			expect(badge.word).toBe('');
			expect(badgeText(badge)).toBe('');
		}
	});

	it('shows the symbol alone on request', () => {
		expect(badgeText(watchBadge('live'), {word: false})).toBe('●');
	});
});
