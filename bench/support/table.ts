/** The bench's table as text: one line per figure, with its target and pass/fail. */
import {formatValue, type ResultRow} from './results.js';

const columns = ['N', 'figure', 'median', 'p99', 'n', 'target', 'result'] as const;

/** Fixed-width text table; notes follow, numbered, below it. */
export function formatTable(rows: readonly ResultRow[]): string {
	const notes: string[] = [];
	const cells = rows.map(row => {
		let result: string = row.outcome;
		if (row.note) {
			notes.push(row.note);
			result += ` [${notes.length}]`;
		}
		const empty = row.summary.count === 0;
		return [
			row.objects.toLocaleString('en-US'),
			row.what,
			empty ? '-' : formatValue(row.summary.median, row.unit),
			empty || row.summary.count < 2 ? '-' : formatValue(row.summary.p99, row.unit),
			String(row.summary.count),
			row.target?.text ?? '',
			result,
		];
	});
	const widths = columns.map((title, index) => Math.max(title.length, ...cells.map(line => (line[index] ?? '').length)));
	const render = (line: readonly string[]) =>
		line
			.map((cell, index) =>
				index === 1 || index === 5 || index === 6 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
			)
			.join('  ')
			.trimEnd();
	const lines = [render(columns), render(widths.map(width => '-'.repeat(width))), ...cells.map(render)];
	if (notes.length > 0) lines.push('', ...notes.map((note, index) => `[${index + 1}] ${note}`));
	return lines.join('\n');
}

/** The same table in Markdown, for the README. */
export function formatMarkdownTable(rows: readonly ResultRow[]): string {
	const lines = ['| N | figure | median | p99 | n | target | result |', '|---:|---|---:|---:|---:|---|---|'];
	for (const row of rows) {
		const empty = row.summary.count === 0;
		const p99 = empty || row.summary.count < 2 ? '-' : formatValue(row.summary.p99, row.unit);
		const result = row.note ? `${row.outcome}: ${row.note}` : row.outcome;
		lines.push(
			`| ${row.objects.toLocaleString('en-US')} | ${row.what} | ${empty ? '-' : formatValue(row.summary.median, row.unit)} | ${p99} | ${row.summary.count} | ${row.target?.text ?? ''} | ${result.replaceAll('|', '\\|')} |`,
		);
	}
	return lines.join('\n');
}
