/**
 * Which Applications are environments of one another (what E on the app screen proposes): apps
 * NAME-ENV that `promote --from ENV --to ENV` resolves back to exactly those apps.
 */
import {describe, expect, it} from 'vitest';
import {environmentApp, promotionDirection, siblingEnvironments} from '../../../../source/core/source-edit/promote-environments.js';

const apps = (...names: string[]) => names.map(name => ({name}));

describe('siblingEnvironments', () => {
	it("lists the app's own environment first, then the others of its family", () => {
		expect(siblingEnvironments(apps('web-staging', 'web-prod', 'guestbook'), 'web-prod')).toEqual(['prod', 'staging']);
		expect(siblingEnvironments(apps('shop-web-dev', 'shop-web-prod', 'shop-db'), 'shop-web-dev')).toEqual(['dev', 'prod']);
	});

	it('leaves out an environment that would not name one app, and names without an environment', () => {
		// "prod" also names api-prod: promote --to prod would be refused as ambiguous.
		expect(siblingEnvironments(apps('web-staging', 'web-prod', 'api-prod'), 'web-staging')).toEqual(['staging']);
		// An app named exactly "dev" is environment dev, not web-dev.
		expect(siblingEnvironments(apps('web-dev', 'web-prod', 'dev'), 'web-prod')).toEqual(['prod']);
		expect(siblingEnvironments(apps('web', 'web-prod'), 'web')).toEqual([]);
		expect(siblingEnvironments(apps('web-', 'web-prod'), 'web-')).toEqual([]);
		expect(siblingEnvironments(apps('-prod'), '-prod')).toEqual([]);
	});

	it('agrees with environmentApp, which promote uses', () => {
		const names = apps('web-staging', 'web-prod', 'db-staging');
		const [own, other] = siblingEnvironments(names, 'web-prod');
		expect(own).toBe('prod');
		expect(other).toBeUndefined();
		expect(() => environmentApp(names, 'staging')).toThrow('"staging" matches several Applications (web-staging, db-staging)');
	});
});

describe('promotionDirection', () => {
	it('goes along the usual path whichever environment the user stands on', () => {
		expect(promotionDirection('prod', 'staging')).toEqual({from: 'staging', to: 'prod'});
		expect(promotionDirection('staging', 'prod')).toEqual({from: 'staging', to: 'prod'});
		expect(promotionDirection('Production', 'dev')).toEqual({from: 'dev', to: 'Production'});
		expect(promotionDirection('stable', 'canary')).toEqual({from: 'canary', to: 'stable'});
	});

	it('goes from this app to the other when a name is not on the path', () => {
		expect(promotionDirection('green', 'blue')).toEqual({from: 'green', to: 'blue'});
		expect(promotionDirection('prod', 'eu')).toEqual({from: 'prod', to: 'eu'});
	});
});
