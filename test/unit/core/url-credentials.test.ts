/** One masking rule for credentials in URLs, on any text that may carry one (git echoes URLs). */
import {describe, expect, it} from 'vitest';
import {hasUrlCredentials, maskUrlCredentials} from '../../../source/core/url-credentials.js';

describe('maskUrlCredentials', () => {
	it.each([
		['https://user:t0ken@github.com/org/repo.git', 'https://***@github.com/org/repo.git'],
		['https://ghp_abcdef123456@github.com/org/repo', 'https://***@github.com/org/repo'],
		['https://oauth2:glpat-xyz@gitlab.example.com:8443/g/r.git', 'https://***@gitlab.example.com:8443/g/r.git'],
		['HTTP://u:p@host', 'HTTP://***@host'],
		['ssh://git@github.com/org/repo.git', 'ssh://git@github.com/org/repo.git'],
		['ssh://deploy:hunter2@git.example.com/r.git', 'ssh://deploy:***@git.example.com/r.git'],
		['git+ssh://git@host/r', 'git+ssh://git@host/r'],
		['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
		['https://github.com/org/repo@v1', 'https://github.com/org/repo@v1'],
		['nginx@sha256:abc', 'nginx@sha256:abc'],
		['lab@example.com', 'lab@example.com'],
		// A raw @ in a password: the userinfo ends at the last @ before the host.
		['https://ana:p@ss@host/r', 'https://***@host/r'],
		['https://ana:p%40ss@host/r', 'https://***@host/r'],
	])('%s -> %s', (input, expected) => {
		expect(maskUrlCredentials(input)).toBe(expected);
	});

	it('masks every URL in a message, as git prints them', () => {
		const message =
			"fetching https://ana:s3cret@git.example.com/shop.git: fatal: unable to access 'https://ana:s3cret@git.example.com/shop.git/': Could not resolve host";
		const masked = maskUrlCredentials(message);
		expect(masked).not.toContain('s3cret');
		expect(masked).toBe(
			"fetching https://***@git.example.com/shop.git: fatal: unable to access 'https://***@git.example.com/shop.git/': Could not resolve host",
		);
	});

	it('masks inside JSON text and keeps it valid JSON', () => {
		const json = JSON.stringify({repoURL: 'https://bot:tok3n@host/r.git', message: 'x "https://a:b@h/p"'});
		const masked = maskUrlCredentials(json);
		expect(JSON.parse(masked)).toEqual({repoURL: 'https://***@host/r.git', message: 'x "https://***@h/p"'});
	});

	it('is idempotent, and says whether there was anything to mask', () => {
		const once = maskUrlCredentials('https://a:b@h/p ssh://u:pw@h2/q');
		expect(maskUrlCredentials(once)).toBe(once);
		expect(hasUrlCredentials('https://a:b@h/p')).toBe(true);
		expect(hasUrlCredentials(once)).toBe(false);
		expect(hasUrlCredentials('ssh://git@h/p')).toBe(false);
	});
});
