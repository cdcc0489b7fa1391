/**
 * The README's key tables follow the one keymap: every binding is a row of the Keys table with its
 * keys and label (and nothing else is), and every `:` command help lists is in the command table.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {bindings, colonCommands} from '../../../source/ui/keymap.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The rows of the first Markdown table after `heading`, as cells (the header and separator left out). */
function tableAfter(heading: string): string[][] {
	const start = readme.indexOf(`\n${heading}\n`);
	if (start < 0) throw new Error(`README has no heading "${heading}"`);
	const lines = readme.slice(start).split('\n');
	const first = lines.findIndex(line => line.startsWith('|'));
	const table: string[] = [];
	for (const line of lines.slice(first)) {
		if (!line.startsWith('|')) break;
		table.push(line);
	}
	return table.slice(2).map(row =>
		row
			.slice(1, -1)
			.split(' | ')
			.map(cell => cell.trim()),
	);
}

/** '`k` `↑`' -> ['k', '↑']. */
function keysOf(cell: string): string[] {
	return [...cell.matchAll(/`([^`]+)`/g)].map(([, key = '']) => key);
}

describe('README key tables', () => {
	const keyRows = tableAfter('### Keys');

	it('list every binding of the keymap, with its keys and label, and nothing else', () => {
		const documented = keyRows.map(([keys = '', label = '']) => ({keys: keysOf(keys), label}));
		const expected = bindings.map(binding => ({keys: binding.chords.map(chord => chord.label), label: binding.label}));
		const byLabel = (a: {label: string}, b: {label: string}) => a.label.localeCompare(b.label);
		// Any order: the README puts the lab's keys last, help puts them in their sections.
		expect(documented.sort(byLabel)).toEqual(expected.sort(byLabel));
	});

	it('list every : command help lists', () => {
		const keysSection = readme.slice(readme.indexOf('\n### Keys\n'), readme.indexOf('\n### Screen captures'));
		const rows = keysSection.split('\n').filter(line => line.startsWith('| `:'));
		for (const command of colonCommands) {
			const verb = command.usage.split(' ')[0] ?? '';
			expect(
				rows.some(row => row.startsWith(`| \`${verb} `) || row.startsWith(`| \`${verb}\``)),
				`the README's : command table lacks ${verb}`,
			).toBe(true);
		}
	});
});
