import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import {AuditLog, type AuditEntry, sanitizeAuditEntry} from '../../../source/audit/audit-log.js';

const root = mkdtempSync(path.join(tmpdir(), 'driftwatch-audit-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));

const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
	time: '2025-01-02T03:04:05.000Z',
	user: 'admin',
	app: 'guestbook',
	action: 'sync',
	revision: '0123456789abcdef0123456789abcdef01234567',
	objects: ['Deployment/demo/web', 'Service/demo/web'],
	result: 'succeeded',
	message: 'synced 2 objects',
	...overrides,
});

const readLines = (file: string): unknown[] =>
	readFileSync(file, 'utf8')
		.trimEnd()
		.split('\n')
		.map(line => JSON.parse(line) as unknown);

describe('AuditLog', () => {
	it('creates the file and its parent directories with mode 0600 and writes one JSON object per line', async () => {
		const file = path.join(root, 'nested', 'deeper', 'audit.jsonl');
		const log = new AuditLog(file);
		await log.record(entry());
		await log.record(entry({action: 'prune', result: 'dry-run', objects: undefined, revision: undefined}));
		expect(readLines(file)).toEqual([
			entry(),
			{time: '2025-01-02T03:04:05.000Z', user: 'admin', app: 'guestbook', action: 'prune', result: 'dry-run', message: 'synced 2 objects'},
		]);
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});

	it('keeps the call order when many records run at once', async () => {
		const file = path.join(root, 'concurrent.jsonl');
		const log = new AuditLog(file);
		// Long messages make a torn or interleaved write visible as a line that does not parse.
		await Promise.all(Array.from({length: 200}, (_, index) => log.record(entry({message: `${index} ${'x'.repeat(5000)}`}))));
		const lines = readLines(file) as AuditEntry[];
		expect(lines.map(line => Number(line.message.split(' ')[0]))).toEqual(Array.from({length: 200}, (_, index) => index));
	});

	it('masks credentials of repository URLs in what it writes (message and objects)', async () => {
		const file = path.join(root, 'credentials.jsonl');
		const log = new AuditLog(file);
		await log.record(
			entry({
				result: 'failed',
				message: 'git push https://user:tok3n@host/x.git failed: denied',
				objects: ['https://user:tok3n@host/x.git'],
			}),
		);
		const written = readFileSync(file, 'utf8');
		expect(written).not.toContain('tok3n');
		expect(readLines(file)).toEqual([
			entry({result: 'failed', message: 'git push https://***@host/x.git failed: denied', objects: ['https://***@host/x.git']}),
		]);
	});

	it('does nothing when disabled', async () => {
		const log = new AuditLog(null);
		expect(log.enabled).toBe(false);
		await expect(log.record(entry())).resolves.toBeUndefined();
	});

	it('rejects with a clear error when the path is not writable, and keeps working afterwards', async () => {
		const blocker = path.join(root, 'a-file');
		writeFileSync(blocker, '');
		const log = new AuditLog(path.join(blocker, 'audit.jsonl'));
		const failure = await log.record(entry()).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(DriftwatchError);
		expect((failure as DriftwatchError).code).toBe('config-invalid');
		expect((failure as DriftwatchError).message).toMatch(/^cannot write the audit log .*a-file\/audit\.jsonl \((ENOTDIR|EEXIST)\)$/);
		await expect(log.record(entry())).rejects.toThrow(/cannot write the audit log/);
	});

	it('a failed write does not block the writes queued after it', async () => {
		const good = new AuditLog(path.join(root, 'after-failure.jsonl'));
		const bad = new AuditLog(path.join(root, 'a-file', 'x.jsonl'));
		const results = await Promise.allSettled([bad.record(entry()), good.record(entry()), good.record(entry({result: 'failed'}))]);
		expect(results.map(result => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
		expect(readLines(path.join(root, 'after-failure.jsonl'))).toHaveLength(2);
	});
});

describe('sanitizeAuditEntry', () => {
	it.each([
		['a base64 secret value', 'value was cGFzc3dvcmQxMjM0NTY3ODkw', 'value was [redacted]'],
		['a padded base64 value', 'token c2VjcmV0LXRva2VuLXZhbHVl=', 'token [redacted]'],
		['random base64 bytes', 'key 3q2+7wAbCdEf9gHiJkLmNoPq', 'key [redacted]'],
	])('redacts %s', (_label, message, expected) => {
		expect(sanitizeAuditEntry(entry({message})).message).toBe(expected);
	});

	it.each([
		['a commit SHA', 'reverted 0123456789abcdef0123456789abcdef01234567'],
		['an image digest', 'image sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
		['kinds and api versions', 'MutatingWebhookConfiguration admissionregistration.k8s.io/v1 apps/v1'],
		['generated names', 'ReplicaSet/demo/web-7c9d8f6b5 pod web-7c9d8f6b5-x2x7k'],
	])('keeps %s', (_label, message) => {
		expect(sanitizeAuditEntry(entry({message})).message).toBe(message);
	});

	it('writes only the documented fields', () => {
		const withData = {...entry(), data: {password: 'c2VjcmV0'}} as AuditEntry;
		expect(Object.keys(sanitizeAuditEntry(withData))).toEqual([
			'time',
			'user',
			'app',
			'action',
			'result',
			'message',
			'revision',
			'objects',
		]);
	});
});
