/**
 * Fuzzing the parsers of outside input (manifests, Applications and AppProjects, their files,
 * kubeconfigs, flags, jq paths) with a fixed seed: thousands of malformed cases, no crash, no
 * hang, every failure a structured error naming file and place. `npm run fuzz -- --iterations N
 * --seed S` runs the same contract longer (FUZZ_ITERATIONS / FUZZ_SEED reach this file).
 */
import {describe, expect, it} from 'vitest';
import {fuzzParsers} from './fuzz-parsers.js';

const iterations = Number(process.env['FUZZ_ITERATIONS'] ?? 3000);
const seed = Number(process.env['FUZZ_SEED'] ?? 20261201);

describe('parsers under fuzzing', () => {
	it(`keep their contract for ${iterations} generated cases (seed ${seed})`, {timeout: 0}, async () => {
		const report = await fuzzParsers({iterations, seed, onProgress: done => iterations > 10_000 && console.log(`fuzz: ${done} cases`)});
		expect(report.failures.slice(0, 20)).toEqual([]);
		expect(report.cases).toBe(iterations);
		// The inputs must be broken enough to exercise the error paths, not only the happy ones.
		expect(report.errorsSeen).toBeGreaterThan(iterations / 4);
	});
});
