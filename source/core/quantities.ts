/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `1e3`), compared by value and written the way the
 * API server writes them back, so `cpu: 1000m` in Git is not drift against `cpu: "1"` live.
 * Exact arithmetic with bigint, in nano units (the server rounds anything finer up to 1n). Pure.
 */

/** How a quantity was written; the server keeps the family when it canonicalizes. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A quantity's exact value and the format family it was written in. */
export interface ParsedQuantity {
	/** The value in units of 10^-9, rounded up (away from zero) like the API server does. */
	nanos: bigint;
	format: QuantityFormat;
}

const decimalSuffixes: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18};
const binarySuffixes: Record<string, number> = {Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60};
const quantityPattern = /^([+-]?)(\d+\.?\d*|\.\d+)([a-zA-Z]*[+-]?\d*)$/;
const nanosPerUnit = 1_000_000_000n;

/**
 * Parses a quantity as the API server does; undefined when it is not one. Numbers are accepted
 * because YAML reads `cpu: 2` as a number while the server returns the string "2".
 */
export function parseQuantity(input: string | number): ParsedQuantity | undefined {
	const text = typeof input === 'number' ? numberText(input) : input.trim();
	if (text === undefined) return undefined;
	const match = quantityPattern.exec(text);
	if (!match) return undefined;
	const [, sign = '', number = '', suffix = ''] = match;
	const scale = suffixScale(suffix);
	if (!scale) return undefined;
	const [whole = '', fraction = ''] = number.split('.');
	const digits = BigInt(whole + fraction || '0');
	let value = digits * 2n ** BigInt(scale.binaryExponent);
	// digits x 10^(exponent - fraction length) x 10^9 nanos, rounded up when finer than a nano.
	const power = scale.decimalExponent - fraction.length + 9;
	if (power >= 0) value *= 10n ** BigInt(power);
	else {
		const divisor = 10n ** BigInt(-power);
		value = value / divisor + (value % divisor === 0n ? 0n : 1n);
	}
	return {nanos: sign === '-' ? -value : value, format: scale.format};
}

/**
 * The string the API server stores for a quantity: `1000m` -> `1`, `0.5` -> `500m`, `1024Mi` ->
 * `1Gi`, `1.5Gi` -> `1536Mi`, `1e3` stays `1e3`. Not a quantity: returned unchanged (as a string).
 */
export function canonicalQuantity(input: string | number): string {
	const parsed = parseQuantity(input);
	return parsed ? formatQuantity(parsed) : String(input);
}

/** True when two quantities have the same value in any spelling (`1e3` == `1k` == `1000`). */
export function quantitiesEqual(left: string | number, right: string | number): boolean {
	const a = parseQuantity(left);
	const b = parseQuantity(right);
	if (!a || !b) return String(left) === String(right);
	return a.nanos === b.nanos;
}

/** Writes a parsed quantity in the server's canonical form for its format. */
export function formatQuantity({nanos, format}: ParsedQuantity): string {
	if (nanos === 0n) return '0';
	const negative = nanos < 0n;
	const magnitude = negative ? -nanos : nanos;
	const sign = negative ? '-' : '';
	// Binary only for whole values of at least 1Ki; anything else would need rounding (the server's rule).
	if (format === 'BinarySI' && magnitude % nanosPerUnit === 0n && magnitude >= 1024n * nanosPerUnit) {
		let units = magnitude / nanosPerUnit;
		let exponent = 0;
		while (units % 1024n === 0n && exponent < 60) {
			units /= 1024n;
			exponent += 10;
		}
		const suffix = Object.entries(binarySuffixes).find(([, value]) => value === exponent)?.[0] ?? '';
		return `${sign}${units}${suffix}`;
	}
	let mantissa = magnitude;
	let exponent = -9;
	while (mantissa % 1000n === 0n) {
		mantissa /= 1000n;
		exponent += 3;
	}
	if (format === 'DecimalExponent' || exponent > 18) return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
	const suffix = Object.entries(decimalSuffixes).find(([, value]) => value === exponent)?.[0] ?? '';
	return `${sign}${mantissa}${suffix}`;
}

function suffixScale(suffix: string): {decimalExponent: number; binaryExponent: number; format: QuantityFormat} | undefined {
	const decimal = decimalSuffixes[suffix];
	if (decimal !== undefined) return {decimalExponent: decimal, binaryExponent: 0, format: 'DecimalSI'};
	const binary = binarySuffixes[suffix];
	if (binary !== undefined) return {decimalExponent: 0, binaryExponent: binary, format: 'BinarySI'};
	const exponent = /^[eE]([+-]?\d+)$/.exec(suffix)?.[1];
	if (exponent === undefined) return undefined;
	return {decimalExponent: Number(exponent), binaryExponent: 0, format: 'DecimalExponent'};
}

/** Decimal text of a JS number without losing it to `1e+21`-style rounding surprises. */
function numberText(value: number): string | undefined {
	if (!Number.isFinite(value)) return undefined;
	return String(value).replace('e+', 'e');
}
