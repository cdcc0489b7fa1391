/**
 * `driftwatch keep` over the engine's actions (fakes here; the real engine is in
 * test/unit/engine/keep-operation.test.ts and on the real control plane in
 * test/integration/keep.test.ts): which object KIND/NAME names, the diff before anything is
 * written, --dry-run and a declined question releasing the self-heal hold, JSON, and refusals.
 */
import {describe, expect, it} from 'vitest';
import {driftedApp} from '../../../fixtures/ui/apps.js';
import {runKeepCommand, type KeepPorts, type KeepRequest} from '../../../source/commands/keep-command.js';
import type {ActionPlan, ActionResult} from '../../../source/engine/engine-state.js';
import {FakeActions} from '../ui/support/fixture-store.js';
import {captureIo} from './capture-io.js';

const webKey = {group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web'};

function setup(options: {answer?: boolean; plan?: Partial<ActionPlan>; result?: ActionResult} = {}) {
	const actions = new FakeActions();
	if (options.plan) actions.planOverrides = options.plan;
	if (options.result) actions.result = options.result;
	const asked: string[] = [];
	const ports: KeepPorts = {
		engine: Object.assign(actions, {app: () => driftedApp()}),
		interactive: true,
		confirm: question => {
			asked.push(question);
			return Promise.resolve(options.answer ?? true);
		},
	};
	const io = captureIo();
	const run = (request: Partial<KeepRequest>) =>
		runKeepCommand({app: 'web', object: 'Deployment/web', yes: false, dryRun: false, output: 'text', ...request}, ports, io);
	return {actions, asked, io, run};
}

describe('driftwatch keep', () => {
	it('shows the diff, asks, then keeps the object KIND/NAME names', async () => {
		const {actions, asked, io, run} = setup();
		expect(await run({})).toBe(0);
		expect(io.stdout()).toContain('-  replicas: 3 # raised for the spring sale\n+  replicas: 5 # raised for the spring sale');
		expect(io.stdout()).toContain('Deployment/web/web spec.replicas: 3 → 5  in apps/web/deployment.yaml (in place)');
		expect(asked).toEqual(['Commit this to main of https://github.com/acme/gitops.git and push?']);
		expect(actions.callsOf('keep')).toEqual([['web', webKey]]);
		expect(io.stdout()).toContain('keep: applied as planned');
	});

	it('--dry-run and a "no" write nothing and release the hold', async () => {
		const dry = setup();
		expect(await dry.run({dryRun: true})).toBe(0);
		expect(dry.io.stdout()).toContain('dry run: nothing was written');
		expect(dry.actions.callsOf('keep')).toEqual([]);
		expect(dry.actions.callsOf('releaseKeep')).toEqual([['web', webKey]]);
		const declined = setup({answer: false});
		expect(await declined.run({})).toBe(1);
		expect(declined.actions.callsOf('keep')).toEqual([]);
		expect(declined.actions.callsOf('releaseKeep')).toEqual([['web', webKey]]);
	});

	it('JSON needs --yes; with it, the plan and the outcome', async () => {
		const noYes = setup();
		expect(await noYes.run({output: 'json'})).toBe(2);
		expect(noYes.io.stderr()).toBe('driftwatch keep: keep --output json needs --yes (or --dry-run): there is no one to confirm');
		const {io, run} = setup();
		expect(await run({output: 'json', yes: true})).toBe(0);
		expect(JSON.parse(io.stdout())).toMatchObject({
			action: 'keep',
			app: 'web',
			object: 'Deployment/web',
			ok: true,
			branch: 'main',
			changes: [{path: '/spec/replicas', from: 3, to: 5, file: 'apps/web/deployment.yaml', via: 'in place'}],
			commitMessage: 'Keep live spec.replicas of Deployment/web (changed live by kubectl)',
		});
	});

	it('refuses an unknown object, a refused plan, and a failed keep, with the reason', async () => {
		const unknown = setup();
		expect(await unknown.run({object: 'Deployment/nope'})).toBe(1);
		expect(unknown.io.stderr()).toBe('driftwatch keep: web has no object Deployment/nope');
		const refused = setup({plan: {blockedReason: 'Deployment/web/web is a Secret'}});
		expect(await refused.run({yes: true})).toBe(1);
		expect(refused.io.stderr()).toBe('driftwatch keep: Deployment/web/web is a Secret');
		expect(refused.actions.callsOf('releaseKeep')).toEqual([['web', webKey]]);
		const failed = setup({result: {ok: false, message: 'keep refused: main moved', applied: [], deleted: [], errors: []}});
		expect(await failed.run({yes: true})).toBe(1);
		expect(failed.io.stderr()).toBe('driftwatch keep: keep refused: main moved');
		expect(await setup().run({object: undefined})).toBe(2);
	});
});
