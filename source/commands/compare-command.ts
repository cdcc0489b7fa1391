/**
 * `driftwatch compare --desired FILE --live FILE`: compares objects from two files offline,
 * matched by identity, with the same normalization as the live engine (no server dry run: only
 * the fields the desired file sets can drift). Exit 0 in sync, 1 drift, 2 error.
 */
import {compareApp} from '../core/compare-objects.js';
import type {IgnoreDifferenceRule} from '../core/ignore-differences.js';
import {type KubeObject, keyString, resourceKeyOf} from '../core/kube-object.js';
import {errorLine} from '../presentation/error-text.js';
import {objectJson} from './app-json.js';
import {type CommandIo, exitCodes, type OutputFormat} from './command-io.js';
import {renderObjectDiff} from './render-diff-text.js';
import {formatManifestError, readManifestFiles} from './read-manifest-files.js';

export interface CompareOptions {
	desired: string[];
	live: string[];
	/** Namespace for desired objects that have none (as `kubectl apply -n`); default: the live match's. */
	namespace?: string;
	ignoreDifferences?: IgnoreDifferenceRule[];
	output: OutputFormat;
}

export async function runCompare(options: CompareOptions, io: CommandIo, now = new Date()): Promise<number> {
	if (options.desired.length === 0 || options.live.length === 0) {
		io.err('driftwatch compare: both --desired FILE and --live FILE are required');
		return exitCodes.error;
	}
	let desiredRead;
	let liveRead;
	try {
		[desiredRead, liveRead] = await Promise.all([readManifestFiles(options.desired), readManifestFiles(options.live)]);
	} catch (error) {
		io.err(`driftwatch compare: ${errorLine(error)}`);
		return exitCodes.error;
	}
	const errors = [...desiredRead.errors, ...liveRead.errors];
	for (const error of errors) io.err(`driftwatch compare: ${formatManifestError(error)}`);
	if (errors.length > 0) return exitCodes.error;

	const live = new Map(liveRead.objects.map(object => [keyString(resourceKeyOf(object)), object]));
	const desired = desiredRead.objects.map(object => withNamespace(object, options.namespace, liveRead.objects));
	const result = compareApp({desired, live, ignoreDifferences: options.ignoreDifferences ?? []});
	if (options.output === 'json') {
		io.out(
			JSON.stringify(
				result.objects.map(comparison => {
					const {group: _group, ...json} = objectJson({
						...comparison,
						apiVersion: '',
						syncStatus: comparison.status,
						health: null,
						attribution: [],
					});
					return {
						kind: json.kind,
						namespace: json.namespace,
						name: json.name,
						status: json.status,
						modified: comparison.drift === 'modified',
						drift: json.drift,
						changedPaths: json.changedPaths,
						diff: json.diff,
						warnings: json.warnings,
					};
				}),
				null,
				2,
			),
		);
	} else {
		for (const comparison of result.objects.filter(object => object.status === 'OutOfSync')) {
			io.out(
				[
					...renderObjectDiff({...comparison, apiVersion: '', syncStatus: comparison.status, health: null, attribution: []}, io.style, now),
					'',
				].join('\n'),
			);
		}
		const {modified, missing, synced} = result.counts;
		io.out(`${modified} modified, ${missing} missing, ${synced} in sync`);
	}
	return result.syncStatus === 'Synced' ? exitCodes.ok : exitCodes.drift;
}

/** A desired object without namespace takes the flag's, or that of the one live object of the same kind and name. */
function withNamespace(object: KubeObject, namespace: string | undefined, live: readonly KubeObject[]): KubeObject {
	if (object.metadata.namespace) return object;
	const candidates = live.filter(
		item => item.kind === object.kind && item.metadata.name === object.metadata.name && item.metadata.namespace,
	);
	const chosen = namespace ?? (candidates.length === 1 ? candidates[0]?.metadata.namespace : undefined);
	return chosen ? {...object, metadata: {...object.metadata, namespace: chosen}} : object;
}
