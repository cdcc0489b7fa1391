/**
 * Loads the live-object fixtures in fixtures/health. Each file holds one object and a header
 * `# expect: <Status> <message>` (or `# expect: null`); a message written `/.../` is a pattern.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {loadAll} from 'js-yaml';
import {healthOrder, type HealthStatusCode, isKubeObject, type KubeObject} from '../../../../../source/core/kube-object.js';

const directory = new URL('../../../../../fixtures/health/', import.meta.url);

export interface HealthFixture {
	name: string;
	object: KubeObject;
	/** null: the kind has no health rule. */
	expected: {status: HealthStatusCode; message: string | RegExp} | null;
}

export function fixtureNames(): string[] {
	return readdirSync(directory)
		.filter(file => file.endsWith('.yaml'))
		.map(file => file.slice(0, -'.yaml'.length))
		.sort();
}

export function loadFixture(name: string): HealthFixture {
	const text = readFileSync(new URL(`${name}.yaml`, directory), 'utf8');
	const documents = loadAll(text);
	const object = documents[0];
	if (documents.length !== 1 || !isKubeObject(object)) throw new Error(`${name}: expected one Kubernetes object`);
	return {name, object, expected: parseExpectation(name, text)};
}

function parseExpectation(name: string, text: string): HealthFixture['expected'] {
	const header = /^# expect: (\S+) ?(.*)$/m.exec(text);
	if (header === null) throw new Error(`${name}: no "# expect:" header`);
	const [, status = '', message = ''] = header;
	if (status === 'null') return null;
	if (!(healthOrder as readonly string[]).includes(status)) throw new Error(`${name}: unknown status ${status}`);
	const pattern = /^\/(.*)\/$/.exec(message);
	return {status: status as HealthStatusCode, message: pattern ? new RegExp(pattern[1] ?? '') : message};
}
