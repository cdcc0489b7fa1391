/**
 * Source edits in words: one line per changed field for the confirmation and the CLI, and the
 * commit messages of set-image, promote and keep. Commit messages name the fields, the objects, and
 * for keep who changed them live, so `git log` tells the story without driftwatch.
 */
import type {FieldAttribution} from '../core/app-status.js';
import {displayKey, type ResourceKey} from '../core/kube-object.js';
import type {PlacedChange} from '../core/source-edit/edit-types.js';
import {describeAttribution} from './attribution.js';
import {fieldPath} from './field-path.js';

/** A value as it reads in a message: text as it is, anything else as JSON, absent as '(absent)'. */
export function formatValue(value: unknown): string {
	if (value === undefined) return '(absent)';
	if (typeof value === 'string') return value;
	const text = JSON.stringify(value);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** 'Deployment/default/web spec.replicas: 2 → 8' */
export function describeFieldChange(placed: PlacedChange): string {
	const {change} = placed;
	return `${displayKey(change.object)} ${fieldPath(change.path)}: ${formatValue(change.from)} → ${formatValue(change.to)}`;
}

/** Where it went: 'app/deployment.yaml (Deployment/default/web in place)'. */
export function describePlacement(placed: PlacedChange): string {
	return `${placed.file} (${placed.via})`;
}

/** 'Deployment/web' without the namespace, for subject lines. */
function shortKey(key: ResourceKey): string {
	return `${key.kind}/${key.name}`;
}

function body(placed: readonly PlacedChange[]): string[] {
	return placed.flatMap(entry => [`- ${describeFieldChange(entry)}`, `  in ${describePlacement(entry)}`]);
}

function objectsOf(placed: readonly PlacedChange[]): string {
	return [...new Set(placed.map(entry => shortKey(entry.change.object)))].join(', ');
}

/** The commit message of `driftwatch set-image`. */
export function setImageCommitMessage(
	assignments: ReadonlyArray<{container: string; image: string}>,
	placed: readonly PlacedChange[],
): string {
	const images = assignments.map(assignment => `${assignment.container}=${assignment.image}`).join(', ');
	const subject = `Set image${assignments.length > 1 ? 's' : ''} ${images} in ${objectsOf(placed)}`;
	return [subject, '', ...body(placed), '', 'Made with driftwatch set-image.'].join('\n');
}

/** The commit message of `driftwatch promote`. */
export function promoteCommitMessage(
	from: string,
	to: string,
	placed: readonly PlacedChange[],
	copies: ReadonlyArray<{key: string; value: unknown; file: string}>,
): string {
	const images = [...new Set(placed.map(entry => formatValue(entry.change.to)))];
	const what = [...images, ...copies.map(copy => copy.key)].join(', ');
	const lines = [...body(placed), ...copies.map(copy => `- value ${copy.key}: ${formatValue(copy.value)}, in ${copy.file}`)];
	return [`Promote ${from} to ${to}: ${what}`, '', ...lines, '', `Made with driftwatch promote --from ${from} --to ${to}.`].join('\n');
}

/**
 * The commit message of keeping live changes of one object. `attribution`: who changed the kept
 * fields live (its paths are the live object's, whose list indices may differ from Git's).
 */
export function keepCommitMessage(object: ResourceKey, placed: readonly PlacedChange[], attribution: readonly FieldAttribution[]): string {
	const fields = placed.map(entry => fieldPath(entry.change.path));
	const managers = [...new Set(attribution.map(entry => entry.manager))];
	const by = managers.length > 0 ? ` (changed live by ${managers.join(', ')})` : '';
	const who = attribution.map(entry => `- ${describeAttribution(entry)}${entry.time ? ` at ${entry.time}` : ''}`);
	return [
		`Keep live ${fields.join(', ')} of ${shortKey(object)}${by}`,
		'',
		...body(placed),
		...(who.length > 0 ? ['', 'Changed live:', ...who] : []),
		'',
		'Made with driftwatch keep.',
	].join('\n');
}
