/**
 * The headless `status` line built from cached object texts says exactly what JSON.stringify of
 * the documented shape says, and is given only when something in it changed: a new status whose
 * objects are the same states (or equal ones) gives no line, one changed object gives a line.
 */
import {describe, expect, it} from 'vitest';
import {statusSummaryJson} from '../../../source/commands/app-json.js';
import {statusLines} from '../../../source/commands/headless-status-line.js';
import type {ObjectState} from '../../../source/core/app-status.js';
import type {AppView} from '../../../source/engine/engine-state.js';
import {driftedApp} from '../../../fixtures/ui/apps.js';
import {appStatus, configKey, objectState, webKey} from '../engine/support/states.js';

const time = new Date('2025-03-01T10:00:00Z');

function view(objects: ObjectState[], fields: Partial<AppView> = {}): AppView {
	return {
		...driftedApp(),
		name: 'shop',
		policy: {autoSync: true, selfHeal: false, prune: false},
		evaluated: true,
		status: appStatus(objects, {warnings: ['a "quoted" warning\n']}),
		...fields,
	};
}

function expected(app: AppView): string {
	const argocd = app.argocd ? {...app.argocd, operation: undefined} : undefined;
	return JSON.stringify({
		time: time.toISOString(),
		type: 'status',
		app: app.name,
		...statusSummaryJson(app.status),
		policy: app.policy,
		...(argocd ? {argocd} : {}),
	});
}

const argoCdFacts: NonNullable<AppView['argocd']> = {
	namespace: 'argocd',
	project: 'default',
	reconciledAt: '2025-03-01T10:00:00Z',
	revision: 'aaaaaaa1',
	resourceHealth: 'driftwatch',
	healthMessage: 'none',
	driftwatch: {syncStatus: 'Synced', health: {status: 'Healthy', message: ''}},
	comparisonError: null,
	conditions: [],
	refreshing: null,
	operation: null,
};

describe('statusLines', () => {
	it('gives the line JSON.stringify gives, then only when something changed', () => {
		const line = statusLines(() => time);
		const web = objectState(webKey, 'modified', {health: {status: 'Progressing', message: 'rollout "2/3"'}});
		const config = objectState(configKey);
		const first = view([web, config]);
		expect(line(first)).toBe(expected(first));
		// A new status, the same object states: nothing to say.
		expect(line(view([web, config]))).toBeUndefined();
		// New but equal states (a comparison that found the same): nothing either.
		expect(line(view([{...web}, {...config}]))).toBeUndefined();
		const healed = view([objectState(webKey), config]);
		expect(line(healed)).toBe(expected(healed));
		const warned = {...healed, status: {...healed.status, warnings: ['another']}};
		expect(line(warned)).toBe(expected(warned));
	});

	it("carries Argo CD's facts, and no new line when only the time of Argo CD's last comparison moved", () => {
		const line = statusLines(() => time);
		const objects = [objectState(configKey)];
		const first = view(objects, {argocd: argoCdFacts});
		expect(line(first)).toBe(expected(first));
		expect(line(view(objects, {argocd: {...argoCdFacts, reconciledAt: '2025-03-01T10:03:00Z'}}))).toBeUndefined();
		const refreshing = view(objects, {argocd: {...argoCdFacts, refreshing: 'hard'}});
		expect(line(refreshing)).toBe(expected(refreshing));
	});

	it('says nothing before the first evaluation, and keeps apps apart', () => {
		const line = statusLines(() => time);
		const objects = [objectState(configKey)];
		expect(line(view(objects, {evaluated: false}))).toBeUndefined();
		const shop = view(objects);
		const other = {...view(objects), name: 'other'};
		expect(line(shop)).toBe(expected(shop));
		expect(line(other)).toBe(expected(other));
	});
});
