/**
 * Helm sources: a field changes through the chart value that fills it, found by a probe render,
 * written in the value file the app uses (the last of its writable value files that sets the value,
 * else the last of them; the chart's values.yaml only when the app has no value file). When no
 * value reaches the field, or the field is more than its values (a function transforms them), the
 * change is refused and nothing is written. Pure apart from the ports.
 */
import {displayKey} from '../kube-object.js';
import {editRefused} from './edit-types.js';
import {probeValueMapping} from './helm-probe.js';
import {describeValuePath, mergeValues, readHelmValues, valueAtPath, valuesOf} from './helm-values.js';
import {withFile} from './place-in-plain-yaml.js';
import type {Placement, PlacementStep} from './placement-check.js';
import {describePointer} from './rendered-changes.js';
import {fillTemplate, solveTemplate, splitTemplate} from './value-template.js';
import {setInYaml} from './yaml-edit.js';
import type {YamlPath} from './yaml-syntax.js';

/**
 * Places `step.change` in the app's Helm values.
 *
 * @throws DriftwatchError 'edit-refused' with the reason.
 */
export async function placeInHelm(step: PlacementStep): Promise<Placement> {
	const {change, workspace} = step;
	const field = `${describePointer(change.path)} of ${displayKey(change.object)}`;
	const values = await readHelmValues(step.edits, workspace.source);
	const mapping = await probeValueMapping({
		workspace,
		edits: step.edits,
		values: mergeValues(values.layers),
		object: change.object,
		pointer: change.path,
		from: change.from,
		original: step.intended,
	});
	const setElsewhere = (workspace.source.helm?.parameters?.length ?? 0) > 0 || values.layers.some(layer => layer.file === undefined);
	if (!mapping) {
		throw editRefused(
			`no chart value maps to ${field}${setElsewhere ? ' (the Application also sets helm parameters or inline values, which driftwatch does not edit)' : ''}`,
			'nothing was written; the chart writes this field itself, so change the chart',
		);
	}
	const assignments = assign(mapping, change.from, change.to, field);
	const writable = step.options.helmValueFiles ?? (values.appFiles.length > 0 ? values.appFiles : [values.chartValues]);
	const edits = step.edits.fork();
	const written: string[] = [];
	for (const [path, value] of assignments) {
		const file = await targetFile(edits, writable, path);
		const text = (await edits.text(file)) ?? '';
		try {
			await edits.write(file, setInYaml(text, 0, path, value));
		} catch (error) {
			throw withFile(error, file);
		}
		written.push(`${describeValuePath(path)} in ${file}`);
	}
	const differences = await step.check.differences(edits, step.intended);
	if (differences.length > 0) {
		const what = written.join(', ');
		throw editRefused(
			`setting ${what} would also change ${differences
				.map(difference => difference.description)
				.slice(0, 3)
				.join('; ')}`,
		);
	}
	const files = [...new Set(written.map(entry => entry.slice(entry.lastIndexOf(' in ') + 4)))];
	return {edits, placed: {change, file: files.join(', '), via: `value ${[...assignments.keys()].map(describeValuePath).join(', ')}`}};
}

/** The value paths and the values they get. */
function assign(
	mapping: NonNullable<Awaited<ReturnType<typeof probeValueMapping>>>,
	from: unknown,
	to: unknown,
	field: string,
): Map<YamlPath, unknown> {
	const [only, ...rest] = mapping.template;
	if (only && 'value' in only && rest.length === 0) {
		return new Map([[mapping.paths.get(only.value) ?? [], to]]);
	}
	const described = [...mapping.paths.values()].map(describeValuePath).join(', ');
	if (typeof to !== 'string' || typeof from !== 'string')
		throw editRefused(`${field} is made of several values (${described}) and the new value is not text`);
	// What each value prints as now: its text, or (a default filling an empty value) what the field shows.
	const current = fillTemplate(mapping.template, mapping.current) === from ? mapping.current : splitTemplate(mapping.template, from);
	if (!current) throw editRefused(`${field} is not just ${described}: the chart transforms them, so no value can be set exactly`);
	const solution = solveTemplate(mapping.template, current, to);
	if (solution === 'ambiguous') throw editRefused(`${field} is made of ${described}, and "${to}" splits into them in more than one way`);
	if (!solution) throw editRefused(`${field} is made of ${described} with fixed text around them, which "${to}" does not fit`);
	return new Map([...solution].map(([index, value]) => [mapping.paths.get(index) ?? [], value]));
}

/** The last writable file that sets the value, else the last writable file. */
async function targetFile(edits: PlacementStep['edits'], writable: readonly string[], path: YamlPath): Promise<string> {
	for (const file of [...writable].reverse()) {
		const text = await edits.text(file);
		if (text !== undefined && valueAtPath(valuesOf(text), path) !== undefined) return file;
	}
	const last = writable.at(-1);
	if (last === undefined) throw editRefused('the app has no value file in the repository to write to');
	return last;
}
