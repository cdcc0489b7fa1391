#!/usr/bin/env node
/**
 * The lab's watchdog: a small detached process started with each lab (`node lab-watchdog.js
 * RECORD_FILE`). When the lab's own process is gone without cleaning up (killed with SIGKILL, or
 * crashed where no handler ran), it tears the lab down, so nothing is left behind. It exits as soon
 * as the record is removed (a normal quit) or marked kept (`--keep`).
 */
import {existsSync} from 'node:fs';
import {isAlive} from '../control-plane/managed-process.js';
import {readLabRecordSync} from './lab-record.js';
import {tearDownLab} from './lab-teardown.js';

const [recordFile] = process.argv.slice(2);
const intervalMs = 500;

async function watch(file: string): Promise<void> {
	for (;;) {
		if (!existsSync(file)) return;
		const record = readLabRecordSync(file);
		if (record?.keep) return;
		if (record && !isAlive(record.ownerPid)) {
			await tearDownLab(record);
			return;
		}
		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}
}

if (recordFile) await watch(recordFile).catch(() => {});
