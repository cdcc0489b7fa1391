/**
 * The audit log: one JSON object per line for every write driftwatch does or refuses (sync, prune,
 * heal, revert, rollout actions, policy changes), so "who changed what, when" survives the session.
 *
 * Secret values never belong here. The contract is that callers pass object NAMES and messages
 * only, never object bodies; `sanitizeAuditEntry` is a safety net on top of that (it keeps only the
 * known fields and blanks anything in them that looks like an encoded secret value), not a licence
 * to pass data.
 */
import {appendFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';
import {maskUrlCredentials} from '../core/url-credentials.js';

import type {AuditAction, AuditEntry, AuditResult} from '../core/audit-entry.js';
import type {AuditPort} from '../ports/audit.js';

export type {AuditAction, AuditEntry, AuditResult};

/**
 * A run of 20+ base64 characters that mixes upper case, lower case and digits, or ends in padding.
 * Encoded secret values (random bytes, or text) look like that; the things audit lines legitimately
 * hold do not: names are lower-case DNS labels, commit SHAs and digests are lower-case hex, and
 * kinds ('MutatingWebhookConfiguration') have no digits. '/' is left out of the run so 'apps/v1'
 * style paths never join into one long token.
 */
const encodedValue = /[A-Za-z0-9+]{20,}={0,2}/g;

function looksEncoded(token: string): boolean {
	if (token.endsWith('=')) return true;
	return /[A-Z]/.test(token) && /[a-z]/.test(token) && /[0-9]/.test(token);
}

function redact(text: string): string {
	return maskUrlCredentials(text).replace(encodedValue, token => (looksEncoded(token) ? '[redacted]' : token));
}

/**
 * The entry as it will be written: only the documented fields, strings forced to strings, and
 * anything in `message` or `objects` that looks like an encoded secret value replaced by
 * '[redacted]', and credentials in URLs masked (core/url-credentials.ts). Pure.
 */
export function sanitizeAuditEntry(entry: AuditEntry): AuditEntry {
	const clean: AuditEntry = {
		time: String(entry.time),
		user: String(entry.user),
		app: String(entry.app),
		action: String(entry.action),
		result: entry.result,
		message: redact(String(entry.message)),
	};
	// Optional fields are only written when present, so lines stay short and stable for grep/jq.
	if (entry.revision !== undefined) clean.revision = String(entry.revision);
	if (entry.objects !== undefined) clean.objects = entry.objects.map(name => redact(String(name)));
	return clean;
}

/**
 * Appends audit entries to a JSON-lines file. The file and its parent directories are created on
 * first use (file mode 0600: the log names users and objects). Appends are serialized, so lines
 * never interleave even when many actions finish at once.
 */
export class AuditLog implements AuditPort {
	/** Tail of the write queue; never rejects, so one failed write does not poison the next. */
	private queue: Promise<void> = Promise.resolve();

	/** @param file the log file; `null` disables auditing (record() then does nothing). */
	constructor(readonly file: string | null) {}

	get enabled(): boolean {
		return this.file !== null;
	}

	/**
	 * Writes one entry. Rejects with a DriftwatchError ('config-invalid', naming the file and the
	 * system error) when the file cannot be written; the engine reports that on the timeline.
	 */
	record(entry: AuditEntry): Promise<void> {
		const file = this.file;
		if (file === null) return Promise.resolve();
		const line = `${JSON.stringify(sanitizeAuditEntry(entry))}\n`;
		const written = this.queue.then(() => append(file, line));
		this.queue = written.catch(() => undefined);
		return written;
	}
}

async function append(file: string, line: string): Promise<void> {
	try {
		await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
		// One appendFile call per line with O_APPEND: a whole line per write(2), even if another
		// driftwatch process appends to the same file.
		await appendFile(file, line, {encoding: 'utf8', mode: 0o600, flag: 'a'});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw new DriftwatchError('config-invalid', `cannot write the audit log ${file} (${code})`, {
			hint: 'choose a writable path for the audit log, or turn it off',
			cause: error,
		});
	}
}
