/**
 * A hostile repository next to things it must never reach: `outside/` holds canary files (a
 * ConfigMap, Helm values and a kustomization, each carrying a unique canary string) and a bare
 * Git repository; `repo/` is the checkout under test. The tools run through recording shims
 * (DRIFTWATCH_HELM, DRIFTWATCH_KUBECTL) that log every argv, then exec the real binary.
 */
import {execFileSync} from 'node:child_process';
import {chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import {findTool} from '../../../source/render/find-tool.js';
import {fixture} from './fixture-paths.js';

export interface HostileWorld {
	root: string;
	repo: string;
	outside: string;
	/** Unique text that exists only outside the repository. */
	canary: string;
	/** A file a command injection would create; must never exist. */
	pwned: string;
	/** A script that creates `pwned`: what an attacker would run. */
	evilScript: string;
	helmShim: string;
	kubectlShim: string;
	/** Every argv the shims saw, per tool, in order. */
	invocations(tool: 'helm' | 'kubectl'): string[][];
	write(file: string, content: string): string;
	dispose(): void;
}

const configMap = (name: string, data: string) =>
	`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  stolen: "${data}"\n`;

export async function hostileWorld(): Promise<HostileWorld> {
	const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'driftwatch-hostile-')));
	const repo = path.join(root, 'repo');
	const outside = path.join(root, 'outside');
	const canary = `CANARY-${Math.random().toString(36).slice(2)}`;
	const pwned = path.join(root, 'pwned');
	const write = (file: string, content: string) => {
		const absolute = path.isAbsolute(file) ? file : path.join(root, file);
		mkdirSync(path.dirname(absolute), {recursive: true});
		writeFileSync(absolute, content);
		return absolute;
	};
	write('outside/canary.yaml', configMap('stolen', canary));
	write('outside/values.yaml', `stolen: ${canary}\nreplicaCount: 7\n`);
	write('outside/kust/kustomization.yaml', 'resources:\n- cm.yaml\n');
	write('outside/kust/cm.yaml', configMap('stolen-kust', canary));
	const evilScript = write('outside/evil.sh', `#!/bin/sh\ntouch '${pwned}'\ncat\n`);
	chmodSync(evilScript, 0o755);
	// A bare repository outside, for remote-base tricks.
	const work = path.join(root, 'outside-work');
	cpSync(path.join(outside, 'kust'), path.join(work, 'base'), {recursive: true});
	const git = (cwd: string, ...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {cwd});
	git(work, 'init', '-q', '-b', 'main');
	git(work, 'add', '.');
	git(work, 'commit', '-q', '-m', 'base');
	git(root, 'clone', '-q', '--bare', work, path.join(outside, 'remote.git'));
	// The repository: a chart that prints `.Values.stolen` (so a value file read from outside
	// would show), a plain directory and a kustomization.
	cpSync(fixture('helm', 'web'), path.join(repo, 'chart'), {recursive: true});
	write(
		'repo/chart/templates/echo.yaml',
		'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: echo\ndata:\n  stolen: {{ .Values.stolen | default "none" | quote }}\n',
	);
	write('repo/plain/ok.yaml', configMap('ok', 'fine'));
	write('repo/kust/kustomization.yaml', 'resources:\n- cm.yaml\n');
	write('repo/kust/cm.yaml', configMap('kust-ok', 'fine'));

	const log = path.join(root, 'argv.log');
	const shim = (tool: 'helm' | 'kubectl', real: string) => {
		// One record per run: the tool, then each argument on its own line, then an end marker.
		const script = `#!/bin/sh\n{ echo "@@ ${tool}"; for arg in "$@"; do printf '%s\\n' "$arg"; done; echo "@@ end"; } >> '${log}'\nexec '${real}' "$@"\n`;
		const file = write(`tools/${tool}`, script);
		chmodSync(file, 0o755);
		return file;
	};
	const helmShim = shim('helm', await findTool('helm', {...process.env, DRIFTWATCH_HELM: ''}));
	const kubectlShim = shim('kubectl', await findTool('kubectl', {...process.env, DRIFTWATCH_KUBECTL: ''}));
	const invocations = (tool: 'helm' | 'kubectl'): string[][] => {
		if (!existsSync(log)) return [];
		const runs: string[][] = [];
		let current: string[] | undefined;
		for (const line of readFileSync(log, 'utf8').split('\n')) {
			if (line === `@@ ${tool}`) current = [];
			else if (line === '@@ end') {
				if (current) runs.push(current);
				current = undefined;
			} else if (line.startsWith('@@ ')) current = undefined;
			else current?.push(line);
		}
		return runs;
	};
	return {
		root,
		repo,
		outside,
		canary,
		pwned,
		evilScript,
		helmShim,
		kubectlShim,
		invocations,
		write,
		dispose: () => rmSync(root, {recursive: true, force: true}),
	};
}

/** The options helm template may get from driftwatch, all in `--name=value` form before `--`. */
const helmOptions = /^--(?:include-crds|skip-schema-validation|namespace=.*|values=.*|set=.*|set-string=.*)$/su;

/** Every helm run was `template <our options> -- <release> <chart>` and nothing else. */
export function expectWellFormedHelmRuns(runs: string[][]): void {
	for (const args of runs) {
		expect(args[0]).toBe('template');
		const separator = args.indexOf('--');
		expect(separator).toBeGreaterThan(0);
		for (const option of args.slice(1, separator)) expect(option).toMatch(helmOptions);
		expect(args.slice(separator + 1)).toHaveLength(2);
	}
}

/** Every kubectl run was `kustomize -- <directory>`. */
export function expectWellFormedKubectlRuns(runs: string[][]): void {
	for (const args of runs) {
		expect(args).toHaveLength(3);
		expect(args.slice(0, 2)).toEqual(['kustomize', '--']);
		expect(path.isAbsolute(args[2] ?? '')).toBe(true);
	}
}

/** `outcome` is a DriftwatchError with `code` whose message (or hint) matches `pattern`. */
export function expectRefused(outcome: unknown, code: string, pattern: RegExp, field: 'message' | 'hint' = 'message'): void {
	expect(outcome).toBeInstanceOf(DriftwatchError);
	const error = outcome as DriftwatchError;
	expect(error.code).toBe(code);
	expect(error[field]).toMatch(pattern);
}

/** Whatever came back (objects, notices, an error, its hint and its cause) carries no canary text. */
export function expectNoCanary(world: HostileWorld, outcome: unknown): void {
	const cause = outcome instanceof Error ? outcome.cause : undefined;
	const text =
		outcome instanceof Error
			? `${outcome.message} ${(outcome as {hint?: string}).hint ?? ''} ${cause instanceof Error ? `${cause.message} ${(cause as {stderr?: string}).stderr ?? ''}` : ''}`
			: JSON.stringify(outcome);
	expect(text).not.toContain(world.canary);
	expect(existsSync(world.pwned)).toBe(false);
}
