/** The Node.js version check the entry point runs first (test/integration/node-version.test.ts runs it on the system Node). */
import {describe, expect, it} from 'vitest';
import {nodeVersionProblem} from '../../../source/core/node-version-check.js';

describe('nodeVersionProblem', () => {
	it.each(['v20.11.0', 'v21.9.0'])('%s is too old: one line saying what is needed and how to get it', version => {
		expect(nodeVersionProblem(version)).toBe(
			`driftwatch needs Node.js 22 or newer (this is ${version}): install Node 22+, ` +
				'or run `npx driftwatch` inside the driftwatch project, which uses its pinned Node 24',
		);
	});

	it.each(['v22.0.0', 'v24.1.0'])('%s is new enough', version => {
		expect(nodeVersionProblem(version)).toBeNull();
	});
});
