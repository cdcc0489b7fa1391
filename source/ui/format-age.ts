/**
 * Times as people read them in a status table: '12s', '3m', '2h', '5d'. Pure: the caller passes
 * `now`, so screens render the same frame in tests and in captures.
 */

/** The compact length of a duration in milliseconds: '0s', '59s', '3m', '2h', '5d'. */
export function formatDuration(milliseconds: number): string {
	const seconds = Math.max(0, Math.round(milliseconds / 1000));
	if (seconds < 60) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours}h`;
	return `${Math.floor(hours / 24)}d`;
}

/** '12s ago'; '-' for a missing or unparsable time. */
export function formatAgo(iso: string | null | undefined, now: number): string {
	const time = iso ? Date.parse(iso) : Number.NaN;
	if (Number.isNaN(time)) return '-';
	return `${formatDuration(now - time)} ago`;
}

/** The age column: '12s'; '-' for a missing time. */
export function formatAge(iso: string | null | undefined, now: number): string {
	const time = iso ? Date.parse(iso) : Number.NaN;
	return Number.isNaN(time) ? '-' : formatDuration(now - time);
}

/** 'in 18s', or 'now' once the moment has passed (the poll is due). */
export function formatIn(iso: string | null | undefined, now: number): string {
	const time = iso ? Date.parse(iso) : Number.NaN;
	if (Number.isNaN(time)) return '-';
	return time <= now ? 'now' : `in ${formatDuration(time - now)}`;
}
