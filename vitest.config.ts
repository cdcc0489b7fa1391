import {defineConfig} from 'vitest/config';

// Two projects: `unit` (pure core, UI on fixture stores, adapters on temp dirs) and `integration`
// (a real control plane started once per run by the global setup; tests isolate by namespace).
export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['test/unit/**/*.test.{ts,tsx}'],
					environment: 'node',
					testTimeout: 30_000,
				},
			},
			{
				test: {
					name: 'integration',
					include: ['test/integration/**/*.test.{ts,tsx}'],
					environment: 'node',
					globalSetup: ['test/integration/global-setup.ts'],
					testTimeout: 120_000,
					hookTimeout: 180_000,
					// One control plane, shared: run files one at a time so timing-sensitive tests
					// (self-heal, rollouts) are not starved on a 2-core machine.
					fileParallelism: false,
				},
			},
		],
	},
});
