import {execFileSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {envLines} from '../../../source/lab/lab-command.js';
import type {LabRecord} from '../../../source/lab/lab-record.js';

describe('lab --print-env', () => {
	it('prints export lines a shell evaluates back to the exact paths, quotes included', () => {
		const record = {
			kubeconfig: "/dev/shm/it's here/kubeconfig",
			clone: '/dev/shm/x $(touch /tmp/no)/work',
			namespace: 'counter',
		} as LabRecord;
		const lines = envLines(record);
		expect(lines[0]).toBe("export KUBECONFIG='/dev/shm/it'\\''s here/kubeconfig'");
		const echoed = execFileSync('bash', ['-c', `${lines.join('\n')}\nprintf '%s\\n' "$KUBECONFIG" "$DRIFTWATCH_LAB_CLONE"`], {
			encoding: 'utf8',
		});
		expect(echoed).toBe(`${record.kubeconfig}\n${record.clone}\n`);
	});
});
