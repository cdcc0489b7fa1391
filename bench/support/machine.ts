/**
 * The machine the figures were taken on: cores, CPU model, memory, load average at the start and
 * the end (other work on the machine changes every figure), and the versions that matter.
 */
import {execFileSync} from 'node:child_process';
import os from 'node:os';

export interface MachineInfo {
	cpuModel: string;
	cores: number;
	memoryGiB: number;
	loadAverage: number[];
	node: string;
	kubectl: string;
	platform: string;
	time: string;
}

export function describeMachine(): MachineInfo {
	let kubectl: string;
	try {
		const text = execFileSync('kubectl', ['version', '--client', '-o', 'json'], {encoding: 'utf8', timeout: 10_000});
		kubectl = (JSON.parse(text) as {clientVersion?: {gitVersion?: string}}).clientVersion?.gitVersion ?? 'unknown';
	} catch {
		kubectl = 'not found';
	}
	return {
		cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
		cores: os.availableParallelism(),
		memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
		loadAverage: os.loadavg().map(value => Math.round(value * 100) / 100),
		node: process.version,
		kubectl,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		time: new Date().toISOString(),
	};
}

export function formatMachine(machine: MachineInfo): string {
	return [
		`machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.platform}`,
		`         node ${machine.node}, kubectl ${machine.kubectl}, load average ${machine.loadAverage.join(' ')} (1, 5, 15 min) at ${machine.time}`,
	].join('\n');
}
