import {describe, expect, it} from 'vitest';
import type {AppStatus, FieldAttribution, ObjectState, RevisionInfo} from '../../../source/core/app-status.js';
import type {HealthStatus} from '../../../source/core/kube-object.js';
import {statusTransitions} from '../../../source/engine/status-transitions.js';
import {describeTimelineEvent} from '../../../source/presentation/timeline.js';

const now = new Date('2025-03-01T10:00:00Z');

function revision(sha: string): RevisionInfo {
	return {
		repoURL: 'memory://shop.git',
		path: 'deploy',
		targetRevision: 'HEAD',
		sha,
		shortSha: sha.slice(0, 7),
		subject: `commit ${sha}`,
		author: 'Ana',
		date: '2025-01-01T00:00:00Z',
	};
}

const web = {group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'web'};
const config = {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'config'};
const old = {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'old'};

const scaled: FieldAttribution = {
	path: '/spec/replicas',
	manager: 'kubectl',
	operation: 'Update',
	subresource: 'scale',
	time: '2025-03-01T09:58:30Z',
};

function object(key: ObjectState['key'], drift: ObjectState['drift'] = 'none', fields: Partial<ObjectState> = {}): ObjectState {
	return {
		key,
		apiVersion: key.group ? `${key.group}/v1` : 'v1',
		syncStatus: drift === 'none' ? 'Synced' : 'OutOfSync',
		drift,
		changedPaths: drift === 'modified' ? ['/spec/replicas'] : drift === 'none' ? [] : [''],
		diff: null,
		health: null,
		attribution: [],
		warnings: [],
		...fields,
	};
}

function status(objects: ObjectState[], fields: Partial<AppStatus> = {}): AppStatus {
	const rev = fields.revision === undefined ? revision('aaaaaaa1') : fields.revision;
	return {
		name: 'shop',
		syncStatus: objects.some(entry => entry.syncStatus === 'OutOfSync') ? 'OutOfSync' : 'Synced',
		health: {status: 'Healthy', message: ''},
		revision: rev,
		revisions: rev ? [rev] : [],
		objects,
		counts: {synced: 0, modified: 0, missing: 0, extra: 0},
		error: null,
		warnings: [],
		notices: [],
		comparedAt: now.toISOString(),
		...fields,
	};
}

function health(value: HealthStatus['status'], message = ''): {health: HealthStatus} {
	return {health: {status: value, message}};
}

function summary(previous: AppStatus | null, next: AppStatus): string[] {
	return statusTransitions(previous, next, now).map(event => `${event.type}: ${describeTimelineEvent(event)}`);
}

describe('statusTransitions: drift', () => {
	it('reports drift when an object goes Synced -> OutOfSync under the same revision, with who changed it', () => {
		const events = statusTransitions(
			status([object(web), object(config)]),
			status([object(web, 'modified', {attribution: [scaled]}), object(config)]),
			now,
		);
		expect(events).toEqual([
			{
				time: now.toISOString(),
				type: 'drift-detected',
				app: 'shop',
				object: 'Deployment/demo/web',
				drift: 'modified',
				changedPaths: ['/spec/replicas'],
				attribution: [scaled],
			},
		]);
		expect(events.map(event => describeTimelineEvent(event))).toEqual([
			'Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)',
		]);
	});

	it('reports nothing at start-up, even for an app that is already OutOfSync', () => {
		expect(summary(null, status([object(web, 'modified'), object(config, 'missing'), object(old, 'extra')]))).toEqual([]);
	});

	it('reports nothing when OutOfSync comes with a new commit: that is Git moving ahead', () => {
		const before = status([object(web), object(config)]);
		const after = status([object(web, 'modified'), object(config)], {revision: revision('bbbbbbb2')});
		expect(summary(before, after)).toEqual([]);
	});

	it('reports a new object in Git as nothing, and a tracked object Git dropped as nothing, on a new commit', () => {
		const before = status([object(web)]);
		const after = status([object(web), object(config, 'missing'), object(old, 'extra')], {revision: revision('bbbbbbb2')});
		expect(summary(before, after)).toEqual([]);
	});

	it('reports a deleted object and a newly appeared tracked extra under the same revision', () => {
		const before = status([object(web), object(config)]);
		const after = status([object(web), object(config, 'missing'), object(old, 'extra')]);
		expect(summary(before, after)).toEqual([
			'drift-detected: ConfigMap/demo/config: missing in the cluster',
			'drift-detected: ConfigMap/demo/old: no longer in Git',
		]);
	});

	it('does not report a missing object the previous status did not list (only a tracked extra may appear)', () => {
		expect(summary(status([object(web)]), status([object(web), object(config, 'missing')]))).toEqual([]);
	});

	it('reports again when the kind of drift changes, not while it stays the same', () => {
		const modified = status([object(web, 'modified')]);
		expect(summary(modified, status([object(web, 'modified', {changedPaths: ['/spec/replicas', '/spec/paused']})]))).toEqual([]);
		expect(summary(modified, status([object(web, 'missing')]))).toEqual(['drift-detected: Deployment/demo/web: missing in the cluster']);
	});

	it('reports drift resolved when an object is Synced again', () => {
		const events = statusTransitions(status([object(web, 'modified')]), status([object(web)]), now);
		expect(events).toEqual([{time: now.toISOString(), type: 'drift-resolved', app: 'shop', object: 'Deployment/demo/web'}]);
		expect(events.map(event => describeTimelineEvent(event))).toEqual(['Deployment/demo/web is in sync again']);
	});

	it('reports drift resolved also when a sync of a new commit brings an object in line', () => {
		expect(
			summary(
				status([object(config, 'modified')], {revision: revision('bbbbbbb2')}),
				status([object(config)], {revision: revision('bbbbbbb2')}),
			),
		).toEqual(['drift-resolved: ConfigMap/demo/config is in sync again']);
	});

	it('reports nothing when nothing changed', () => {
		const same = status([object(web), object(config, 'modified')]);
		expect(summary(same, same)).toEqual([]);
	});
});

describe('statusTransitions: health', () => {
	it('reports a health change with the new message, as fields', () => {
		const before = status([object(web)], health('Healthy'));
		const after = status([object(web)], health('Degraded', 'Deployment "web" exceeded its progress deadline'));
		expect(statusTransitions(before, after, now)).toEqual([
			{
				time: now.toISOString(),
				type: 'health-changed',
				app: 'shop',
				from: 'Healthy',
				to: 'Degraded',
				message: 'Deployment "web" exceeded its progress deadline',
			},
		]);
		expect(summary(before, after)).toEqual(['health-changed: Healthy → Degraded: Deployment "web" exceeded its progress deadline']);
	});

	it('reports a health change without a message', () => {
		expect(summary(status([], health('Progressing', 'rolling out')), status([], health('Healthy')))).toEqual([
			'health-changed: Progressing → Healthy',
		]);
	});

	it('reports no health change at start-up or when only the message changes', () => {
		expect(summary(null, status([], health('Degraded', 'bad')))).toEqual([]);
		expect(summary(status([], health('Progressing', '1 of 2')), status([], health('Progressing', '2 of 3')))).toEqual([]);
	});

	it('puts drift events before the health change', () => {
		const before = status([object(web)], health('Healthy'));
		const after = status([object(web, 'missing')], health('Missing', 'No object of this app exists in the cluster'));
		expect(summary(before, after)).toEqual([
			'drift-detected: Deployment/demo/web: missing in the cluster',
			'health-changed: Healthy → Missing: No object of this app exists in the cluster',
		]);
	});
});

describe('statusTransitions: errors', () => {
	const renderFailed = {code: 'render-failed', message: 'helm template failed: bad values', hint: 'fix values.yaml'};
	const unknown = (error: AppStatus['error']) => status([], {syncStatus: 'Unknown', error, ...health('Unknown', error?.message ?? '')});

	it('reports an error with its hint, once per distinct error', () => {
		const first = unknown(renderFailed);
		expect(summary(status([object(web)]), first)).toEqual(['error: helm template failed: bad values (fix values.yaml)']);
		expect(summary(first, unknown(renderFailed))).toEqual([]);
		expect(summary(first, unknown({code: 'git-failed', message: 'cannot fetch', hint: ''}))).toEqual(['error: cannot fetch']);
	});

	it('reports an error at start-up too', () => {
		expect(summary(null, unknown(renderFailed))).toEqual(['error: helm template failed: bad values (fix values.yaml)']);
	});

	it('reports only the error while there is one (no drift or health noise)', () => {
		expect(summary(status([object(web)], health('Healthy')), unknown(renderFailed))).toHaveLength(1);
	});

	it('reports the same error again after it went away and came back', () => {
		const error = unknown(renderFailed);
		const fine = status([object(web)]);
		expect(summary(error, fine).filter(line => line.startsWith('error'))).toEqual([]);
		expect(summary(fine, error)).toEqual(['error: helm template failed: bad values (fix values.yaml)']);
	});
});
