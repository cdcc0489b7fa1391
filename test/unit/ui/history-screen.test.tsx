import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {webCommits} from '../../../fixtures/ui/apps.js';
import {FakeActions} from './support/fixture-store.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

function withCommits(): FakeActions {
	const actions = new FakeActions();
	actions.commitList = webCommits();
	return actions;
}

describe('history screen', () => {
	it('lists the commits of the source path with the deployed one marked, and the sync history', async () => {
		const app = renderApp({initialApp: 'web', actions: withCommits()});
		await app.waitForText('RESOURCES 9');
		await app.press('h');
		const frame = await app.waitForText('b7e6d5c');
		expect(frame).toContain('▸ Git commits of apps/web @ main');
		expect(frame).toMatch(/▸ b7e6d5c\s+web: raise memory limit\s+Bob Chen\s+10m/);
		expect(frame).toMatch(/a1b2c3d\s+web: scale to 3 replicas\s+Alice Martin\s+120m\s+◆ deployed/);
		expect(frame).toMatch(/#2\s+a1b2c3d\s+web: scale to 3 replicas\s+auto-sync\s+30m/);
		expect(frame).toMatch(/#1\s+9f8e7d6\s+web: first deploy\s+admin\s+2d/);
		expect(app.actions.callsOf('commits')).toEqual([['web', 50]]);
	});

	it('reverts the selected commit after showing the plan', async () => {
		const app = renderApp({initialApp: 'web', actions: withCommits()});
		await app.waitForText('RESOURCES 9');
		await app.press('h');
		await app.waitForText('b7e6d5c');
		await app.press('R');
		const frame = await app.waitForText('Revert commit b7e6d5c in web?');
		expect(frame).toContain('Commit: b7e6d5c web: raise memory limit');
		expect(frame).toContain('A revert commit is pushed to main');
		expect(app.actions.callsOf('planRevert')).toEqual([['web', webCommits()[0]?.sha]]);
		await app.press('y');
		await app.waitForText('✔ Done.');
		expect(app.actions.callsOf('revert')).toEqual([['web', webCommits()[0]?.sha]]);
		await app.press('x');
		await app.waitForText('✔ Revert commit b7e6d5c in web: applied 1, deleted 0');
	});

	it('rolls back to the selected sync from the sync history', async () => {
		const app = renderApp({initialApp: 'web', actions: withCommits()});
		await app.waitForText('RESOURCES 9');
		await app.press('h');
		await app.waitForText('b7e6d5c');
		await app.press(keys.tab);
		await app.waitForText('▸ Sync history');
		await app.press('j');
		await app.waitForFrame(frame => /▸ #1 /.test(frame));
		await app.press('R');
		const frame = await app.waitForText('Roll back web to sync #1?');
		expect(frame).toContain('Auto-sync is turned off');
		expect(app.actions.callsOf('planRollback')).toEqual([['web', 1]]);
		await app.press('n');
		await app.waitForText('Roll back web to sync #1: cancelled, nothing changed.');
		expect(app.actions.callsOf('rollback')).toEqual([]);
	});

	it('sends R from other screens to the history, with instructions', async () => {
		const app = renderApp({initialApp: 'web', actions: withCommits()});
		await app.waitForText('RESOURCES 9');
		await app.press('R');
		await app.waitForText('Pick a commit to revert');
		expect(app.frame()).toContain('Git commits of apps/web');
	});

	it('says when the Git history cannot be read', async () => {
		const actions = new FakeActions();
		actions.commits = () => Promise.reject(new Error('repository not found'));
		const app = renderApp({initialApp: 'web', actions});
		await app.waitForText('RESOURCES 9');
		await app.press('h');
		await app.waitForText('✖ Could not read the Git history: repository not found. Press r to fetch again.');
	});
});
