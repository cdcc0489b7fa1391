import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {describe, expect, it} from 'vitest';
import {stderrOf} from '../../../source/core/child-stderr.js';

const execFileAsync = promisify(execFile);

describe('stderrOf', () => {
	it("reads a real failed child's stderr, as text or as a buffer", async () => {
		const script = 'process.stderr.write("  boom\\n"); process.exit(3)';
		const asText = await execFileAsync(process.execPath, ['-e', script]).catch((error: unknown) => error);
		expect(stderrOf(asText)).toBe('boom');
		const asBuffer = await execFileAsync(process.execPath, ['-e', script], {encoding: 'buffer'}).catch((error: unknown) => error);
		expect(stderrOf(asBuffer)).toBe('boom');
	});

	it("is '' for errors without stderr and for non-objects", () => {
		expect(stderrOf(new Error('spawn ENOENT'))).toBe('');
		expect(stderrOf(undefined)).toBe('');
		expect(stderrOf('text')).toBe('');
		expect(stderrOf({stderr: 42})).toBe('');
	});
});
