/** What an error says to people: DriftwatchErrors with their hint, library errors with their cause's reason. */
import {describe, expect, it} from 'vitest';
import {DriftwatchError, describeError} from '../../../source/core/errors.js';

describe('describeError', () => {
	it('says a DriftwatchError with its hint', () => {
		expect(describeError(new DriftwatchError('git-failed', 'fetching x failed', {hint: 'check the network'}))).toBe(
			'fetching x failed (check the network)',
		);
	});

	it('adds the reason of a cause a library error hides behind "fetch failed" or "terminated"', () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), {code: 'ECONNREFUSED'});
		expect(describeError(new TypeError('fetch failed', {cause: refused}))).toBe('fetch failed: connect ECONNREFUSED 127.0.0.1:6443');
		expect(describeError(new TypeError('terminated', {cause: new Error('other side closed')}))).toBe('terminated: other side closed');
		// Not twice, and nothing for a cause that is no Error.
		expect(describeError(new Error('boom: disk full', {cause: new Error('disk full')}))).toBe('boom: disk full');
		expect(describeError(new Error('boom', {cause: 'text'}))).toBe('boom');
		expect(describeError('plain')).toBe('plain');
	});
});
