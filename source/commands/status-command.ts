/** `driftwatch status`: one row per app (sync, health, revision, counts), text or JSON. */
import type {AppStatus} from '../core/app-status.js';
import {appSummaryJson, objectJson} from './app-json.js';
import {type CommandIo, exitCodes, type OutputFormat} from './command-io.js';
import {formatTable, styleHealth, styleSync} from './terminal-style.js';

export function printStatus(statuses: readonly AppStatus[], io: CommandIo, output: OutputFormat): number {
	if (output === 'json') {
		io.out(JSON.stringify({apps: statuses.map(status => ({...appSummaryJson(status), objects: status.objects.map(objectJson)}))}, null, 2));
	} else {
		const rows = [['APP', 'SYNC', 'HEALTH', 'REVISION', 'MODIFIED', 'MISSING', 'EXTRA', 'MESSAGE'].map(io.style.bold)];
		for (const status of statuses) {
			rows.push([
				status.name,
				styleSync(io.style, status.syncStatus),
				styleHealth(io.style, status.health.status),
				status.revision ? `${status.revision.shortSha} ${truncate(status.revision.subject, 30)}` : '-',
				String(status.counts.modified),
				String(status.counts.missing),
				String(status.counts.extra),
				status.error ? io.style.red(status.error.message) : status.health.message,
			]);
		}
		io.out(formatTable(rows).join('\n'));
		for (const status of statuses) {
			if (status.error?.hint) io.out(io.style.dim(`${status.name}: ${status.error.hint}`));
			for (const warning of status.warnings) io.out(io.style.yellow(`${status.name}: warning: ${warning}`));
		}
	}
	return statuses.some(status => status.error) ? exitCodes.error : exitCodes.ok;
}

function truncate(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
