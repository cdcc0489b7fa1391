#!/usr/bin/env node
// Long fuzz runs of the parsers: `npm run fuzz -- --iterations 200000 --seed 42`. Runs the same
// contract as the CI test (test/unit/fuzz/parsers.fuzz.test.ts), which reads these two numbers
// from FUZZ_ITERATIONS and FUZZ_SEED; defaults: 50,000 cases, a seed from the clock (printed, so a
// failure can be replayed with --seed).
import {spawnSync} from 'node:child_process';
import {parseArgs} from 'node:util';

const {values} = parseArgs({options: {iterations: {type: 'string', default: '50000'}, seed: {type: 'string'}}});
const iterations = Number(values.iterations);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isSafeInteger(iterations) || iterations <= 0 || !Number.isSafeInteger(seed)) {
	console.error('usage: npm run fuzz -- [--iterations N] [--seed S]   (whole numbers)');
	process.exit(2);
}
console.log(`fuzz: ${iterations} cases from seed ${seed}`);
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'test/unit/fuzz/parsers.fuzz.test.ts'], {
	stdio: 'inherit',
	env: {...process.env, FUZZ_ITERATIONS: String(iterations), FUZZ_SEED: String(seed)},
});
process.exit(result.status ?? 1);
