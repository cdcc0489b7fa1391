/**
 * One line of the bench's table: what was measured, its samples, and the target it is held to.
 * A figure that did not finish in its time is a line too ("did not finish in 15 min"), never a
 * silent gap.
 */
import {type Summary, summarize} from './stats.js';

export type Unit = 'ms' | 'MB' | 'x' | '/s';

/** The figure passes when the chosen statistic is at most `limit`. */
export interface Target {
	stat: 'median' | 'p99' | 'max';
	limit: number;
	/** As printed: "<= 2 s", "<= 2x floor". */
	text: string;
}

export type Outcome = 'pass' | 'fail' | 'info' | 'did not finish' | 'error';

export interface ResultRow {
	/** Stable id for the JSON (e.g. "sync.driftwatch"). */
	id: string;
	/** Objects in the app. */
	objects: number;
	what: string;
	unit: Unit;
	samples: number[];
	summary: Summary;
	target?: Target;
	outcome: Outcome;
	note?: string;
}

export interface RowInput {
	id: string;
	objects: number;
	what: string;
	unit: Unit;
	samples: number[];
	target?: Target;
	note?: string;
}

/** A measured line: pass or fail against its target, or info when it has none. */
export function measuredRow(input: RowInput): ResultRow {
	const summary = summarize(input.samples);
	let outcome: Outcome = 'info';
	if (input.target) {
		const value = summary[input.target.stat];
		outcome = Number.isNaN(value) ? 'error' : value <= input.target.limit ? 'pass' : 'fail';
	}
	return {...input, summary, outcome};
}

/** A line for a figure that ran out of time or failed; a target it had counts as missed. */
export function unfinishedRow(
	input: Omit<RowInput, 'samples'> & {samples?: number[]},
	outcome: 'did not finish' | 'error',
	note: string,
): ResultRow {
	const samples = input.samples ?? [];
	return {...input, samples, summary: summarize(samples), outcome, note};
}

/** Formats a value in its unit: ms below 10 s, seconds above; MB whole; ratios with one decimal. */
export function formatValue(value: number, unit: Unit): string {
	if (Number.isNaN(value)) return '-';
	switch (unit) {
		case 'ms':
			if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(1)} s`;
			if (Math.abs(value) >= 1000) return `${(value / 1000).toFixed(2)} s`;
			return `${value.toFixed(Math.abs(value) < 10 ? 1 : 0)} ms`;
		case 'MB':
			return `${value.toFixed(0)} MB`;
		case 'x':
			return `${value.toFixed(2)}x`;
		case '/s':
			return `${value.toFixed(0)}/s`;
	}
}
