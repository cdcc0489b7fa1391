/**
 * The yes/no question a command asks before it writes to Git: on the terminal (stderr for the
 * question, stdin for the answer), so stdout stays the command's output. Anything but y/yes is no.
 */
import {createInterface} from 'node:readline/promises';

/** True when a person can answer: stdin and stderr are terminals. */
export function canAsk(): boolean {
	return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

export async function askYesNo(question: string): Promise<boolean> {
	const prompt = createInterface({input: process.stdin, output: process.stderr});
	try {
		const answer = await prompt.question(`${question} [y/N] `);
		return /^y(?:es)?$/i.test(answer.trim());
	} finally {
		prompt.close();
	}
}
