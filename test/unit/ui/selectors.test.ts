import {afterEach, describe, expect, it, vi} from 'vitest';
import {unavailableReason} from '../../../source/ui/availability.js';
import {currentAppName, currentRoute, initialUiState, routeFilter, uiReducer} from '../../../source/ui/navigation.js';
import {shortRepo, visibleApps} from '../../../source/ui/select-apps.js';
import {diffDocument} from '../../../source/ui/select-diff.js';
import {headerProblems} from '../../../source/ui/select-header.js';
import {podForLogs, treeRows} from '../../../source/ui/select-tree.js';
import {throttleStore} from '../../../source/ui/hooks/use-throttled-snapshot.js';
import {wrapWords} from '../../../source/ui/wrap-words.js';
import {ago, degradedApp, driftedApp, erroredApp, fixtureNow, fixtureSnapshot, syncedApp} from '../../../fixtures/ui/apps.js';
import {FixtureStore} from './support/fixture-store.js';

describe('navigation', () => {
	it('drills in, filters live, clears the filter before going back', () => {
		let state = initialUiState();
		state = uiReducer(state, {type: 'push', route: {screen: 'app', app: 'web'}});
		state = uiReducer(state, {type: 'openPrompt', mode: 'filter'});
		state = uiReducer(state, {type: 'typePrompt', text: 'p'});
		state = uiReducer(state, {type: 'typePrompt', text: 'o'});
		expect(routeFilter(currentRoute(state))).toBe('po');
		state = uiReducer(state, {type: 'closePrompt', keepFilter: true});
		expect(state.prompt).toBeNull();
		state = uiReducer(state, {type: 'back'});
		expect(currentRoute(state)).toEqual({screen: 'app', app: 'web'});
		state = uiReducer(state, {type: 'back'});
		expect(currentRoute(state)).toEqual({screen: 'apps'});
		expect(uiReducer(state, {type: 'back'})).toBe(state);
	});

	it('keeps the app of the screen below help', () => {
		let state = initialUiState('web');
		state = uiReducer(state, {type: 'push', route: {screen: 'help'}});
		expect(currentAppName(state)).toBe('web');
		state = uiReducer(state, {type: 'push', route: {screen: 'help'}});
		expect(currentRoute(state).screen).toBe('app');
	});

	it('drops a cancelled filter', () => {
		let state = uiReducer(initialUiState(), {type: 'openPrompt', mode: 'filter'});
		state = uiReducer(state, {type: 'typePrompt', text: 'x'});
		state = uiReducer(state, {type: 'closePrompt', keepFilter: false});
		expect(routeFilter(currentRoute(state))).toBe('');
	});
});

describe('apps', () => {
	const apps = [syncedApp(), driftedApp(), degradedApp(), erroredApp()];
	it.each([
		['', ['guestbook', 'web', 'api', 'billing']],
		['outofsync', ['web']],
		['degraded', ['api']],
		['error', ['billing']],
		['gue', ['guestbook']],
	])('filters by %j', (filter, names) => {
		expect(visibleApps(apps, filter, null).map(app => app.name)).toEqual(names);
	});

	it('filters by destination context', () => {
		expect(visibleApps(apps, '', 'prod').map(app => app.name)).toEqual(['billing']);
	});

	it('shortens repository URLs', () => {
		expect(shortRepo('https://github.com/acme/gitops.git')).toBe('github.com/acme/gitops');
		expect(shortRepo('git@github.com:acme/gitops.git')).toBe('github.com/acme/gitops');
		expect(shortRepo('https://deploy:ghp_s3cr3t@github.com/acme/gitops.git')).toBe('github.com/acme/gitops');
	});
});

describe('resource tree', () => {
	it('nests owners and draws guides', () => {
		const rows = treeRows(driftedApp());
		expect(rows.map(row => `${row.guide}${row.node.key.kind} ${row.node.key.name}`)).toEqual([
			'ConfigMap web-config',
			'Service web',
			'Deployment web',
			'└─ ReplicaSet web-7d9f8c6b5',
			'   ├─ Pod web-7d9f8c6b5-b9c3d',
			'   ├─ Pod web-7d9f8c6b5-h6j1k',
			'   ├─ Pod web-7d9f8c6b5-p5t7w',
			'   ├─ Pod web-7d9f8c6b5-r8m2n',
			'   └─ Pod web-7d9f8c6b5-x2k4q',
		]);
		expect(rows.find(row => row.node.key.kind === 'Deployment')?.object?.drift).toBe('modified');
	});

	it('keeps whole subtrees that match a filter', () => {
		expect(treeRows(degradedApp(), 'crashloop').map(row => row.node.key.kind)).toEqual(['Deployment', 'ReplicaSet', 'Pod', 'Pod', 'Pod']);
		expect(treeRows(driftedApp(), 'modified').map(row => row.node.key.name)[0]).toBe('web');
	});

	it('adds managed objects that have no live node', () => {
		const app = syncedApp();
		const missing = {
			...app.status.objects[0]!,
			key: {group: '', kind: 'ConfigMap', namespace: 'guestbook', name: 'settings'},
			drift: 'missing' as const,
		};
		const rows = treeRows({...app, status: {...app.status, objects: [...app.status.objects, missing]}});
		expect(rows[0]?.node.key.name).toBe('settings');
	});

	it('finds the troubled pod of a Degraded workload for logs', () => {
		const deployment = degradedApp().tree[0]!;
		expect(podForLogs(deployment)).toEqual({pod: {namespace: 'api', name: 'api-5c7b9d-x2k4q'}, containers: ['api', 'log-shipper']});
		expect(podForLogs(driftedApp().tree[1]!)).toBeNull();
	});
});

describe('diff document', () => {
	it('shows one object with its summary and attribution', () => {
		const app = driftedApp();
		const document = diffDocument(app, app.status.objects[0]!.key, fixtureNow);
		expect(document.title).toBe('Deployment/web/web');
		expect(document.summary).toEqual({added: 0, removed: 0, changed: 1});
		expect(document.attribution).toEqual(['spec.replicas changed by kubectl (Update) 12s ago']);
		expect(document.lines.map(line => line.text)).toEqual(
			expect.arrayContaining(['--- live', '+++ desired', '-  replicas: 5', '+  replicas: 3']),
		);
		expect(document.lines.find(line => line.text === '-  replicas: 5')?.tone).toBe('remove');
	});

	it('concatenates every drifted object for the whole app', () => {
		const document = diffDocument(driftedApp(), undefined, fixtureNow);
		expect(document.title).toBe('web (1 drifted object)');
		expect(document.lines[0]).toEqual({tone: 'title', text: '── Deployment/web/web · modified · +0 -0 ~1'});
		expect(document.lines[1]?.tone).toBe('note');
	});

	it('prefers whole-object lines when given', () => {
		const app = driftedApp();
		const key = app.status.objects[0]!.key;
		const full = new Map([['apps/Deployment/web/web', [{op: ' ' as const, text: 'apiVersion: apps/v1'}]]]);
		expect(diffDocument(app, key, fixtureNow, full).lines).toEqual([{tone: 'context', text: ' apiVersion: apps/v1'}]);
	});
});

describe('header problems and availability', () => {
	it('puts Git and watch errors in plain words', () => {
		const app = {...driftedApp(), poll: {lastFetch: ago(60), nextFetchAt: null, error: 'authentication required'}};
		const snapshot = fixtureSnapshot([app]);
		snapshot.watches[2] = {...snapshot.watches[2]!, phase: 'failed', error: 'pods is forbidden'};
		const problems = headerProblems(snapshot, app);
		expect(problems[0]).toContain('Git fetch failed: authentication required');
		expect(problems[0]).toContain('press r');
		expect(problems[1]).toContain('Watch of Pods in all namespaces failed: pods is forbidden');
	});

	it('explains read-only mode and forbidden verbs', () => {
		const app = driftedApp();
		expect(unavailableReason('sync', fixtureSnapshot([app], {readOnly: true}), app)).toContain('read-only');
		const forbidden = {
			...app,
			permissions: {...app.permissions, prune: {allowed: false, reason: 'cannot delete configmaps in namespace web'}},
		};
		expect(unavailableReason('prune', fixtureSnapshot([forbidden]), forbidden)).toBe('cannot delete configmaps in namespace web');
		expect(unavailableReason('sync', fixtureSnapshot([forbidden]), forbidden)).toBeNull();
		expect(unavailableReason(undefined, fixtureSnapshot([forbidden], {readOnly: true}), forbidden)).toBeNull();
	});
});

describe('word wrapping', () => {
	it('wraps at spaces, cuts long words, and marks what is left out', () => {
		expect(wrapWords('one two three four', 9)).toEqual(['one two', 'three', 'four']);
		expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
		expect(wrapWords('one two three four', 9, 2)).toEqual(['one two', 'three…']);
	});
});

describe('throttled store', () => {
	afterEach(() => {
		vi.useRealTimers();
	});

	it('publishes the first change at once and the last of a burst after the interval', () => {
		vi.useFakeTimers();
		const store = new FixtureStore(fixtureSnapshot());
		const throttled = throttleStore(store, 100);
		let notified = 0;
		const unsubscribe = throttled.subscribe(() => notified++);
		store.push(previous => previous);
		expect(notified).toBe(1);
		for (let index = 0; index < 1000; index++) store.push(previous => previous);
		expect(notified).toBe(1);
		vi.advanceTimersByTime(100);
		expect(notified).toBe(2);
		expect(throttled.getSnapshot()).toBe(store.getSnapshot());
		unsubscribe();
		expect(store.listenerCount).toBe(0);
	});
});
