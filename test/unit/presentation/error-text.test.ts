import {describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import {errorLine, errorRows, errorText} from '../../../source/presentation/error-text.js';

const typed = new DriftwatchError('cluster-unreachable', 'cannot reach https://10.0.0.1:6443', {hint: 'check the VPN'});

describe('errors as shown', () => {
	it.each([
		[
			'a DriftwatchError keeps code and hint',
			typed,
			{code: 'cluster-unreachable', message: 'cannot reach https://10.0.0.1:6443', hint: 'check the VPN'},
		],
		['an Error is internal, without hint', new Error('boom'), {code: 'internal', message: 'boom', hint: ''}],
		['a thrown string', 'plain', {code: 'internal', message: 'plain', hint: ''}],
		[
			'a summary passes through',
			{code: 'render-failed', message: 'helm failed', hint: 'fix the chart'},
			{code: 'render-failed', message: 'helm failed', hint: 'fix the chart'},
		],
	])('%s', (_name, error, expected) => {
		expect(errorText(error)).toEqual(expected);
	});

	it('has one line form: the message, and the hint in parentheses', () => {
		expect(errorLine(typed)).toBe('cannot reach https://10.0.0.1:6443 (check the VPN)');
		expect(errorLine(new Error('boom'))).toBe('boom');
	});

	it('has one block form: ✖ message, then → hint', () => {
		expect(errorRows(typed, 'shop: ')).toEqual([
			{text: '✖ shop: cannot reach https://10.0.0.1:6443', tone: 'danger'},
			{text: '→ check the VPN', tone: 'warning'},
		]);
		expect(errorRows(new Error('boom'))).toEqual([{text: '✖ boom', tone: 'danger'}]);
	});
});
