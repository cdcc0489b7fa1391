import {readFileSync, readdirSync} from 'node:fs';
import {join, relative} from 'node:path';
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {Text} from '../../../source/ui/components/text.js';

afterEach(() => {
	cleanup();
});

const uiDirectory = new URL('../../../source/ui/', import.meta.url).pathname;

function sourceFiles(directory: string): string[] {
	return readdirSync(directory, {withFileTypes: true}).flatMap(entry =>
		entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(directory, entry.name)] : [],
	);
}

describe('the UI Text', () => {
	it('renders string children terminal-safe, nested or not', () => {
		const {lastFrame} = render(
			<Text>
				{'a\u001B]8;;https://evil.example\u001B\\b\u001B]8;;\u001B\\'}
				<Text color="red">{'c\u001B[8md\u009B2J'}</Text>
				{42}
			</Text>,
		);
		expect(lastFrame()).toBe('abcd\\u009b2J42');
	});

	it("is the only Text the UI uses: no file imports Text from 'ink' but components/text.tsx", () => {
		const offenders = sourceFiles(uiDirectory)
			.filter(file => !file.endsWith(join('components', 'text.tsx')))
			.filter(file => /import\s*\{[^}]*\bText\b[^}]*\}\s*from\s*'ink'/.test(readFileSync(file, 'utf8')))
			.map(file => relative(uiDirectory, file));
		expect(offenders).toEqual([]);
	});
});
