/**
 * The fuzz contract, shared by the CI test (fixed seed) and `npm run fuzz` (long runs): every
 * parser of outside input, given malformed input, returns structured errors (or throws only a
 * DriftwatchError) that name the file and the place, never crashes, and answers in bounded time.
 * A broken contract is reported with the case's seed, so it can be replayed.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {connect} from '../../../source/cluster/kube-connection.js';
import {loadAppFiles} from '../../../source/config/load-app-files.js';
import {appFromFlags} from '../../../source/core/app-from-flags.js';
import {DriftwatchError} from '../../../source/core/errors.js';
import {evaluateJqPath, parseJqPath} from '../../../source/core/jq-paths.js';
import {isKubeObject} from '../../../source/core/kube-object.js';
import {parseApplications} from '../../../source/core/parse-application.js';
import {parseManifests} from '../../../source/core/parse-manifests.js';
import {
	appFlags,
	applicationDocument,
	applicationFileText,
	jqExpression,
	kubeconfigText,
	manifestText,
	randomValue,
} from './generate-inputs.js';
import {Random} from './random.js';

/** A case slower than this counts as a hang. */
export const maxCaseMs = 3000;

export interface FuzzReport {
	cases: number;
	/** Contract violations: the target, the case's seed, and what went wrong. */
	failures: Array<{target: string; seed: number; problem: string}>;
	/** Structured errors seen, a sign the inputs were malformed enough to matter. */
	errorsSeen: number;
}

type Target = (random: Random, scratch: string) => number | Promise<number>;

class Violation extends Error {}

function check(condition: boolean, problem: string): asserts condition {
	if (!condition) throw new Violation(problem);
}

/** Every error names its file and its place, and says something. */
const targets: Record<string, Target> = {
	manifests(random) {
		const text = manifestText(random);
		const result = parseManifests(text, 'fuzz/manifest.yaml');
		for (const error of result.errors) {
			check(error.source === 'fuzz/manifest.yaml', `error without its file: ${JSON.stringify(error)}`);
			check(typeof error.document === 'number' && error.document >= 1, `error without its document: ${JSON.stringify(error)}`);
			check(error.message.trim() !== '', 'error without a message');
		}
		for (const object of result.objects) check(isKubeObject(object), `not a Kubernetes object: ${JSON.stringify(object).slice(0, 200)}`);
		JSON.stringify(result.objects);
		return result.errors.length;
	},
	applications(random) {
		const documents = Array.from({length: random.int(1, 3)}, () => applicationDocument(random));
		const result = parseApplications(documents, 'fuzz/apps.yaml');
		for (const error of result.errors) {
			check(error.origin === 'fuzz/apps.yaml', `error without its file: ${JSON.stringify(error)}`);
			check(error.object !== '' || error.field !== '', `error without a place: ${JSON.stringify(error)}`);
			check(error.message.trim() !== '', 'error without a message');
		}
		return result.errors.length;
	},
	async applicationFiles(random, scratch) {
		const file = path.join(scratch, 'apps.yaml');
		writeFileSync(file, applicationFileText(random));
		const result = await loadAppFiles([file]);
		for (const error of result.errors) {
			check(error.origin === file, `error without its file: ${JSON.stringify(error)}`);
			check(error.message.trim() !== '', 'error without a message');
		}
		return result.errors.length;
	},
	kubeconfigs(random, scratch) {
		const file = path.join(scratch, 'kubeconfig');
		writeFileSync(file, kubeconfigText(random));
		try {
			const connection = connect({kubeconfig: file, ...(random.chance(0.3) ? {context: random.pick(['dev', 'nope', '--x'])} : {})});
			check(typeof connection.server === 'string', 'a connection without a server');
			return 0;
		} catch (error) {
			check(
				error instanceof DriftwatchError,
				`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}, not a DriftwatchError`,
			);
			check(error.code === 'config-invalid', `code ${error.code}`);
			check(error.message.trim() !== '', 'error without a message');
			return 1;
		}
	},
	flags(random) {
		const result = appFromFlags(appFlags(random));
		for (const error of result.errors)
			check(error.origin === 'flags' && error.field.startsWith('--'), `error without its flag: ${JSON.stringify(error)}`);
		return result.errors.length;
	},
	jqPaths(random) {
		const parsed = parseJqPath(jqExpression(random));
		if ('error' in parsed) {
			check(parsed.error.trim() !== '', 'error without a message');
			return 1;
		}
		evaluateJqPath(parsed, randomValue(random));
		return 0;
	},
};

/** Runs `iterations` cases, round-robin over the targets; case `i` uses seed `seed + i`. */
export async function fuzzParsers(options: {iterations: number; seed: number; onProgress?: (done: number) => void}): Promise<FuzzReport> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-fuzz-'));
	const names = Object.keys(targets);
	const report: FuzzReport = {cases: 0, failures: [], errorsSeen: 0};
	try {
		for (let index = 0; index < options.iterations; index++) {
			const name = names[index % names.length] ?? '';
			const seed = options.seed + index;
			const started = performance.now();
			try {
				report.errorsSeen += await (targets[name] as Target)(new Random(seed), scratch);
			} catch (error) {
				const problem =
					error instanceof Violation
						? error.message
						: `crashed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
				report.failures.push({target: name, seed, problem});
			}
			const elapsed = performance.now() - started;
			if (elapsed > maxCaseMs) report.failures.push({target: name, seed, problem: `took ${Math.round(elapsed)} ms`});
			report.cases++;
			if (options.onProgress && report.cases % 1000 === 0) options.onProgress(report.cases);
		}
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
	return report;
}
