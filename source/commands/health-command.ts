/**
 * `driftwatch health FILE...`: the health of objects in YAML/JSON files, one line each, or JSON
 * `[{apiVersion, kind, namespace, name, status, message}]` (`status: null` for kinds without health).
 */
import {assessHealth} from '../core/health/index.js';
import {errorLine} from '../presentation/error-text.js';
import {type CommandIo, exitCodes, type OutputFormat} from './command-io.js';
import {formatManifestError, readManifestFiles} from './read-manifest-files.js';
import {formatTable, styleHealth} from './terminal-style.js';

export async function runHealth(files: readonly string[], io: CommandIo, output: OutputFormat): Promise<number> {
	if (files.length === 0) {
		io.err('driftwatch health: name at least one file (or - for standard input)');
		return exitCodes.error;
	}
	let read;
	try {
		read = await readManifestFiles(files);
	} catch (error) {
		io.err(`driftwatch health: ${errorLine(error)}`);
		return exitCodes.error;
	}
	for (const error of read.errors) io.err(`driftwatch health: ${formatManifestError(error)}`);
	const results = read.objects.map(object => {
		const health = assessHealth(object);
		return {
			apiVersion: object.apiVersion,
			kind: object.kind,
			namespace: object.metadata.namespace ?? '',
			name: object.metadata.name,
			status: health?.status ?? null,
			message: health?.message ?? '',
		};
	});
	if (output === 'json') {
		io.out(JSON.stringify(results, null, 2));
	} else {
		const rows = results.map(result => [
			result.kind,
			result.namespace ? `${result.namespace}/${result.name}` : result.name,
			styleHealth(io.style, result.status),
			result.message,
		]);
		if (rows.length > 0) io.out(formatTable(rows).join('\n'));
		for (const notice of read.notices) io.err(io.style.dim(`note: ${notice}`));
	}
	return read.errors.length > 0 ? exitCodes.error : exitCodes.ok;
}
