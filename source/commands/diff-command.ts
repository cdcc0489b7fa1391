/**
 * `driftwatch diff`: Git vs the live cluster for each app. Exit 0 in sync, 1 drift found, 2 error
 * (as `kubectl diff` and `argocd app diff`).
 */
import type {AppStatus} from '../core/app-status.js';
import {appSummaryJson, objectJson} from './app-json.js';
import {type CommandIo, exitCodes, type OutputFormat} from './command-io.js';
import {renderAppDiff} from './render-diff-text.js';

export function diffExitCode(statuses: readonly AppStatus[]): number {
	if (statuses.some(status => status.error || status.syncStatus === 'Unknown')) return exitCodes.error;
	return statuses.some(status => status.syncStatus === 'OutOfSync') ? exitCodes.drift : exitCodes.ok;
}

export function printDiff(statuses: readonly AppStatus[], io: CommandIo, output: OutputFormat, now = new Date()): number {
	if (output === 'json') {
		io.out(
			JSON.stringify(
				{
					apps: statuses.map(status => ({
						...appSummaryJson(status),
						objects: status.objects.filter(object => object.syncStatus === 'OutOfSync').map(objectJson),
					})),
				},
				null,
				2,
			),
		);
	} else {
		for (const status of statuses) io.out(renderAppDiff(status, io.style, now).join('\n'));
	}
	return diffExitCode(statuses);
}
