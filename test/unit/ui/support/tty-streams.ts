/**
 * Fake terminal streams for runUi: a stdout that says it is a TTY (so ink goes interactive and
 * uses the alternate screen) and records what is written, and a stdin that can be typed into.
 */
import {EventEmitter} from 'node:events';

export class FakeTtyOut extends EventEmitter {
	readonly isTTY = true;
	columns = 80;
	rows = 24;
	written = '';

	write(chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean {
		this.written += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		if (typeof done === 'function') (done as () => void)();
		return true;
	}
}

export class FakeTtyIn extends EventEmitter {
	readonly isTTY = true;
	private pending: string[] = [];

	write(data: string): void {
		this.pending.push(data);
		this.emit('readable');
	}

	read(): string | null {
		return this.pending.shift() ?? null;
	}

	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}
