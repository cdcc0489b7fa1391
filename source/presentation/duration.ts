/**
 * Durations and ages as kubectl prints them (its HumanDuration rules: '45s', '119s', '3m20s',
 * '42m', '5h12m', '30h', '3d4h', '12d'), so a time reads the same in driftwatch as in
 * `kubectl get`. Pure: callers pass `now`, so frames and captures are reproducible.
 */

/** The length of a duration in milliseconds, kubectl-style; negative durations count as 0s. */
export function formatDuration(milliseconds: number): string {
	const seconds = Math.max(0, Math.floor(milliseconds / 1000));
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
	if (minutes < 180) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
	if (hours < 48) return `${hours}h`;
	const days = Math.floor(hours / 24);
	if (hours < 24 * 8) return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
	if (days < 365 * 2) return `${days}d`;
	const years = Math.floor(days / 365);
	if (days < 365 * 8) return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
	return `${years}y`;
}

function parse(iso: string | null | undefined): number {
	return iso ? Date.parse(iso) : Number.NaN;
}

/** The age column: '12s'; '-' for a missing or unparsable time. */
export function formatAge(iso: string | null | undefined, now: number): string {
	const time = parse(iso);
	return Number.isNaN(time) ? '-' : formatDuration(now - time);
}

/** '12s ago'; '-' for a missing or unparsable time. */
export function formatAgo(iso: string | null | undefined, now: number): string {
	const time = parse(iso);
	return Number.isNaN(time) ? '-' : `${formatDuration(now - time)} ago`;
}

/** 'in 18s', or 'now' once the moment has passed (the poll is due); '-' for no time. */
export function formatIn(iso: string | null | undefined, now: number): string {
	const time = parse(iso);
	if (Number.isNaN(time)) return '-';
	return time <= now ? 'now' : `in ${formatDuration(time - now)}`;
}
