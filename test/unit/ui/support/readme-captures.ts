/**
 * The README's copies of the screen captures: blocks between `<!-- capture: NAME -->` and
 * `<!-- /capture -->`, each a ```text fence holding docs/screens/NAME.txt verbatim. Pure: the
 * captures test reads and writes the files.
 */

/** One capture block of the README. */
export interface CaptureBlock {
	name: string;
	/** The text inside the fence (what docs/screens/NAME.txt holds). */
	text: string;
}

const block = /<!-- capture: ([\w-]+) -->\n([\s\S]*?)<!-- \/capture -->/g;
const fence = /^```text\n([\s\S]*)```\n$/;

/** The capture blocks in document order; a block whose body is not one ```text fence fails. */
export function captureBlocks(readme: string): CaptureBlock[] {
	return [...readme.matchAll(block)].map(([, name = '', body = '']) => {
		const text = fence.exec(body)?.[1];
		if (text === undefined) throw new Error(`README capture block "${name}" must hold exactly one \`\`\`text fence`);
		return {name, text};
	});
}

/** The README with each named block's fence replaced by `texts[name]` (blocks of other names kept). */
export function withCaptureBlocks(readme: string, texts: ReadonlyMap<string, string>): string {
	return readme.replace(block, (whole, name: string) => {
		const text = texts.get(name);
		return text === undefined ? whole : `<!-- capture: ${name} -->\n\`\`\`text\n${text}\`\`\`\n<!-- /capture -->`;
	});
}
