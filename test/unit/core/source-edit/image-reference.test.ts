import {describe, expect, it} from 'vitest';
import {formatImage, invalidImageReason, parseImage} from '../../../../source/core/source-edit/image-reference.js';

describe('image references', () => {
	it.each([
		['nginx', {name: 'nginx'}],
		['nginx:1.27', {name: 'nginx', tag: '1.27'}],
		['registry.example.com:5000/team/web:2.0', {name: 'registry.example.com:5000/team/web', tag: '2.0'}],
		['registry.example.com:5000/team/web', {name: 'registry.example.com:5000/team/web'}],
		[`web@sha256:${'a'.repeat(64)}`, {name: 'web', digest: `sha256:${'a'.repeat(64)}`}],
		[`web:1@sha256:${'b'.repeat(64)}`, {name: 'web', tag: '1', digest: `sha256:${'b'.repeat(64)}`}],
	])('%s splits into name, tag and digest and back', (reference, parsed) => {
		expect(parseImage(reference)).toEqual(parsed);
		expect(formatImage(parseImage(reference))).toBe(reference);
		expect(invalidImageReason(reference)).toBeUndefined();
	});

	it.each([
		['', /not empty/],
		[' nginx', /no spaces/],
		['Nginx:1', /not a repository name/],
		['nginx:-bad', /not a tag/],
		['nginx@md5:zz', /not a digest/],
		['bad_host.example.com:x/web', /not a registry host/],
		['--upload-pack=evil', /not a repository name/],
	])('%s is refused', (reference, reason) => {
		expect(invalidImageReason(reference)).toMatch(reason);
	});
});
