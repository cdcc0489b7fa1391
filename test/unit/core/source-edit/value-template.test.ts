import {describe, expect, it} from 'vitest';
import {fillTemplate, parseTemplate, probeToken, solveTemplate, splitTemplate} from '../../../../source/core/source-edit/value-template.js';

const current = new Map([
	[0, 'nginx'],
	[1, '1.27'],
]);

describe('value templates from probe renders', () => {
	it('reads probe strings and the text around them', () => {
		expect(parseTemplate(`${probeToken(0)}:${probeToken(1)}`)).toEqual([{value: 0}, {literal: ':'}, {value: 1}]);
		expect(parseTemplate(`docker.io/${probeToken(12)}`)).toEqual([{literal: 'docker.io/'}, {value: 12}]);
		expect(fillTemplate(parseTemplate(`${probeToken(0)}:${probeToken(1)}`), current)).toBe('nginx:1.27');
	});

	it('changes the fewest values: a new tag is the tag value alone', () => {
		expect(solveTemplate(parseTemplate(`${probeToken(0)}:${probeToken(1)}`), current, 'nginx:1.28')).toEqual(new Map([[1, '1.28']]));
		expect(solveTemplate(parseTemplate(`${probeToken(0)}:${probeToken(1)}`), current, 'ghcr.io/nginx:1.27')).toEqual(
			new Map([[0, 'ghcr.io/nginx']]),
		);
	});

	it('changes both values when both differ and the split is unique', () => {
		expect(solveTemplate(parseTemplate(`${probeToken(0)}:${probeToken(1)}`), current, 'ghcr.io/web:2.0')).toEqual(
			new Map([
				[0, 'ghcr.io/web'],
				[1, '2.0'],
			]),
		);
	});

	it('says ambiguous when the new value splits in more than one way', () => {
		expect(solveTemplate(parseTemplate(`${probeToken(0)}:${probeToken(1)}`), current, 'host:5000/web:2.0')).toBe('ambiguous');
	});

	it('finds nothing when fixed text does not fit', () => {
		expect(solveTemplate(parseTemplate(`docker.io/${probeToken(0)}`), current, 'ghcr.io/web')).toBeUndefined();
	});

	it('splits a field into what its values print, when there is one way', () => {
		expect(splitTemplate(parseTemplate(`${probeToken(0)}:${probeToken(1)}`), 'nginx:1.27')).toEqual(
			new Map([
				[0, 'nginx'],
				[1, '1.27'],
			]),
		);
		expect(splitTemplate(parseTemplate(`${probeToken(0)}:${probeToken(1)}`), 'host:5000/web:1')).toBeUndefined();
	});

	it('keeps a value used twice consistent', () => {
		const twice = parseTemplate(`${probeToken(0)}-${probeToken(0)}`);
		expect(solveTemplate(twice, current, 'web-web')).toEqual(new Map([[0, 'web']]));
		expect(solveTemplate(twice, current, 'web-api')).toBeUndefined();
	});
});
