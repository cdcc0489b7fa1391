/** Reads manifest files for the offline commands (`health`, `compare`); '-' is standard input. */
import {readFile} from 'node:fs/promises';
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import {type ManifestError, parseManifests} from '../core/parse-manifests.js';

export interface ReadManifests {
	objects: KubeObject[];
	errors: ManifestError[];
	notices: string[];
}

export async function readManifestFiles(files: readonly string[], readStdin: () => Promise<string> = readAllStdin): Promise<ReadManifests> {
	const result: ReadManifests = {objects: [], errors: [], notices: []};
	for (const file of files) {
		let text: string;
		try {
			text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new DriftwatchError(
				'manifest-invalid',
				`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`,
			);
		}
		const parsed = parseManifests(text, file === '-' ? '<stdin>' : file);
		result.objects.push(...parsed.objects);
		result.errors.push(...parsed.errors);
		result.notices.push(...parsed.notices);
	}
	return result;
}

export function formatManifestError(error: ManifestError): string {
	const where = [
		error.source,
		error.line === undefined ? undefined : `line ${error.line}`,
		error.document === undefined ? undefined : `document ${error.document}`,
	]
		.filter(Boolean)
		.join(', ');
	return `${where}: ${error.message}`;
}

async function readAllStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}
