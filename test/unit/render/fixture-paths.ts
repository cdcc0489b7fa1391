/** Where the render fixtures are, and temp dirs for the cases that need their own files. */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const sourcesDir = fileURLToPath(new URL('../../../fixtures/sources/', import.meta.url));

export function fixture(...parts: string[]): string {
	return path.join(sourcesDir, ...parts);
}

const created: string[] = [];

/** A temp dir holding `files` (relative path -> content). */
export function tempSource(files: Record<string, string>): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-render-'));
	created.push(dir);
	for (const [file, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(dir, file)), {recursive: true});
		writeFileSync(path.join(dir, file), content);
	}
	return dir;
}

export function removeTempSources(): void {
	for (const dir of created.splice(0)) rmSync(dir, {recursive: true, force: true});
}

/** Sets environment variables for the duration of `run`. */
export async function withEnv<T>(variables: Record<string, string>, run: () => Promise<T>): Promise<T> {
	const saved = Object.fromEntries(Object.keys(variables).map(name => [name, process.env[name]]));
	Object.assign(process.env, variables);
	try {
		return await run();
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	}
}
