/** A small seeded random source (mulberry32), so every fuzz case can be replayed from its seed. */
export class Random {
	#state: number;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** A float in [0, 1). */
	next(): number {
		this.#state = (this.#state + 0x6d2b79f5) >>> 0;
		let t = this.#state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		const item = items[this.int(0, items.length - 1)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}
}

/** Strings an attacker or a careless editor would write: options, paths, control characters, YAML syntax. */
export const nastyStrings = [
	'',
	' ',
	'-',
	'--',
	'--post-renderer=/bin/sh',
	'--upload-pack=touch /tmp/x',
	'-oProxyCommand=x',
	'ext::sh -c x',
	'../../../../etc/passwd',
	'/etc/passwd',
	'..',
	'.',
	'/',
	'~',
	'$values/x.yaml',
	'file:///etc/passwd',
	'https://example.com/v.yaml',
	'\u001b[2J\u001b]0;pwned\u0007',
	'\u0000',
	'\r\n',
	'\t',
	'null',
	'~',
	'true',
	'0x1F',
	'1e999',
	'0777',
	'*alias',
	'&anchor',
	'!!binary aGVsbG8=',
	'!!js/function "function(){}"',
	'<<',
	'{a: [}',
	'"unterminated',
	"'single",
	'a: b: c',
	'- - -',
	'?',
	'|',
	'>',
	'%YAML 1.2',
	'---',
	'...',
	'\uFEFF',
	'\u2028',
	'é漢字🙂',
	'x'.repeat(300),
	'(a+)+$',
	'select(.a == "b")',
];
