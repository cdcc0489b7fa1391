/**
 * The entry point on the machine's own Node (not the pinned one): a Node older than 22 gets one
 * line saying what is needed and how to get it, and exit code 2, never a stack trace from a
 * dependency; a new enough one runs. Every `node` on PATH outside the project is tried.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {realpathSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {cliPath} from './support/run-cli.js';

function systemNodes(): string[] {
	const found = execFileSync('bash', ['-c', 'which -a node || true'], {encoding: 'utf8'}).split('\n').filter(Boolean);
	const outside = found.filter(file => !file.includes(`${path.sep}node_modules${path.sep}`));
	return [...new Set(outside.map(file => realpathSync(file)))];
}

describe('the entry point on the system Node', () => {
	const nodes = systemNodes();

	it('finds a Node on PATH outside the project', () => {
		expect(nodes.length, `which -a node found none outside node_modules (PATH=${process.env['PATH']})`).toBeGreaterThan(0);
	});

	for (const node of nodes) {
		it(`${node}: one line and exit 2 when older than 22, else it runs`, () => {
			const version = execFileSync(node, ['--version'], {encoding: 'utf8'}).trim();
			const major = Number(version.replace(/^v/, '').split('.')[0]);
			const result = spawnSync(node, [cliPath, 'status', '--help'], {encoding: 'utf8', timeout: 30_000});
			if (major < 22) {
				expect(result.status).toBe(2);
				expect(result.stdout).toBe('');
				expect(result.stderr.trimEnd().split('\n')).toEqual([
					`driftwatch needs Node.js 22 or newer (this is ${version}): install Node 22+, ` +
						'or run `npx driftwatch` inside the driftwatch project, which uses its pinned Node 24',
				]);
			} else {
				expect(result.status, result.stderr).toBe(0);
				expect(result.stdout).toContain('driftwatch status');
			}
		});
	}
});
