/**
 * The kwok configuration's two pod-stage profiles, read from kwok's own stages (in the built
 * control-plane cache) and driftwatch's: 'fast' for tests, 'visible' for the lab.
 */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadAll} from 'js-yaml';
import {afterAll, describe, expect, it} from 'vitest';
import {writeKwokConfig} from '../../../source/control-plane/kwok-config.js';
import {controlPlaneCacheDir} from '../../../source/control-plane/locate.js';

type Stage = {
	kind: string;
	metadata: {name: string};
	spec: {
		resourceRef?: {kind?: string};
		delay?: unknown;
		selector?: {matchExpressions?: Array<{key: string; operator: string; values?: string[]}>};
	};
};

const scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-kwok-config-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

async function stages(profile: 'fast' | 'visible'): Promise<Map<string, Stage>> {
	const file = path.join(scratch, `${profile}.yaml`);
	await writeKwokConfig(controlPlaneCacheDir(), file, scratch, profile);
	const documents = loadAll(readFileSync(file, 'utf8')) as Stage[];
	return new Map(documents.filter(document => document.kind === 'Stage').map(stage => [stage.metadata.name, stage]));
}

/** The pod stages that wait (kwok's node heartbeat has its own interval). */
const delayed = (map: Map<string, Stage>) =>
	[...map.values()]
		.filter(stage => stage.spec.resourceRef?.kind === 'Pod' && stage.spec.delay)
		.map(stage => stage.metadata.name)
		.sort();

describe('kwok pod stages', () => {
	it('fast: no delays and no ContainerCreating stage', async () => {
		const fast = await stages('fast');
		expect(delayed(fast)).toEqual([]);
		expect(fast.has('driftwatch-pod-container-creating')).toBe(false);
	});

	it('visible: Pending, ContainerCreating and Terminating last one to two seconds; the end stages wait for ContainerCreating', async () => {
		const visible = await stages('visible');
		expect(delayed(visible)).toEqual([
			'driftwatch-pod-container-creating',
			'driftwatch-pod-crashloop',
			'driftwatch-pod-imagepullbackoff',
			'pod-delete',
			'pod-ready',
		]);
		expect(visible.get('pod-delete')?.spec.delay).toEqual({durationMilliseconds: 1000, jitterDurationMilliseconds: 2000});
		for (const name of ['pod-ready', 'driftwatch-pod-crashloop', 'driftwatch-pod-imagepullbackoff']) {
			expect(visible.get(name)?.spec.selector?.matchExpressions, name).toContainEqual({
				key: '.status.containerStatuses.[].state.waiting.reason',
				operator: 'In',
				values: ['ContainerCreating'],
			});
		}
	});
});
