/**
 * Text output of a diff: a colored unified diff per OutOfSync object, attribution, and a summary.
 * Every line is terminal-safe: styled ones through TerminalStyle, the others through terminalSafe.
 */
import type {AppStatus, ObjectState} from '../core/app-status.js';
import {displayKey} from '../core/kube-object.js';
import {describeAttribution} from '../presentation/attribution.js';
import {describeDrift} from '../presentation/drift.js';
import {errorRows} from '../presentation/error-text.js';
import {terminalSafe} from '../presentation/terminal-text.js';
import {type TerminalStyle, toneStyle} from './terminal-style.js';

export function renderObjectDiff(object: ObjectState, style: TerminalStyle, now: Date): string[] {
	const lines: string[] = [];
	const title = `${object.key.group ? `${object.key.group}/` : ''}${displayKey(object.key)}`;
	lines.push(style.bold(`===== ${title} (${object.drift}) =====`));
	for (const entry of object.attribution) lines.push(style.magenta(`# ${describeAttribution(entry, now.getTime())}`));
	if (object.drift !== 'modified') lines.push(style.dim(`# ${describeDrift(object)}`));
	for (const line of object.diff?.unified ?? []) {
		if (line.op === '@') lines.push(style.cyan(line.text));
		else if (line.op === '+') lines.push(style.green(`+${line.text}`));
		else if (line.op === '-') lines.push(style.red(`-${line.text}`));
		else lines.push(terminalSafe(` ${line.text}`));
	}
	for (const warning of object.warnings) lines.push(style.yellow(`# warning: ${warning}`));
	return lines;
}

export function renderAppDiff(status: AppStatus, style: TerminalStyle, now: Date): string[] {
	const lines: string[] = [];
	const revision = status.revision ? ` at ${status.revision.shortSha} (${status.revision.subject})` : '';
	if (status.error) {
		for (const row of errorRows(status.error, `${status.name}: cannot compare: `)) lines.push(toneStyle(style, row.tone)(row.text));
		return lines;
	}
	for (const object of status.objects.filter(candidate => candidate.syncStatus === 'OutOfSync')) {
		lines.push(...renderObjectDiff(object, style, now), '');
	}
	const {modified, missing, extra, synced} = status.counts;
	const summary = `${status.name}${revision}: ${modified} modified, ${missing} missing, ${extra} extra, ${synced} in sync`;
	lines.push(status.syncStatus === 'Synced' ? style.green(summary) : style.yellow(summary));
	for (const warning of status.warnings) lines.push(style.yellow(`warning: ${warning}`));
	for (const notice of status.notices) lines.push(style.dim(`note: ${notice}`));
	return lines;
}
