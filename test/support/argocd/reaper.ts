/**
 * A watchdog for processes started by a test: a tiny detached shell that waits for the test process
 * to go away and then kills every recorded process group and removes the data dir. It covers what
 * an `exit` handler cannot: a worker killed by SIGTERM/SIGKILL on Ctrl-C, a crash, a timeout.
 * A clean stop kills the watchdog first.
 */
import {spawn} from 'node:child_process';
import {appendFileSync} from 'node:fs';

// Arguments are our own pid, file and dir, passed as positional parameters: nothing is interpolated.
const script = [
	'parent=$1; pids=$2; dir=$3',
	'while kill -0 "$parent" 2>/dev/null; do sleep 1; done',
	'if [ -f "$pids" ]; then for pid in $(cat "$pids"); do kill -KILL -- "-$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null; done; fi',
	'rm -rf -- "$dir"',
].join('\n');

export interface Reaper {
	/** Records a process (group leader) for the watchdog to kill. */
	watch(pid: number): void;
	/** Ends the watchdog (after a clean stop). */
	dismiss(): void;
}

export function startReaper(pidFile: string, dataDir: string): Reaper {
	appendFileSync(pidFile, '');
	const child = spawn('sh', ['-c', script, 'driftwatch-reaper', String(process.pid), pidFile, dataDir], {
		detached: true,
		stdio: 'ignore',
	});
	child.unref();
	child.on('error', () => {});
	const pid = child.pid;
	return {
		watch: watched => appendFileSync(pidFile, `${watched}\n`),
		dismiss: () => {
			if (pid === undefined) return;
			for (const target of [-pid, pid]) {
				try {
					process.kill(target, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}
		},
	};
}
