import {describe, expect, it} from 'vitest';
import {secretValues, webCredentials} from '../../../fixtures/ui/apps.js';
import {liveYamlLines} from '../../../source/presentation/live-yaml.js';

const secretKey = {group: '', kind: 'Secret'};
const leaks = Object.values(secretValues).flatMap(value => [value, btoa(value)]);

function expectNoLeak(lines: string[]): void {
	const text = lines.join('\n');
	for (const leak of leaks) expect(text).not.toContain(leak);
}

describe('liveYamlLines', () => {
	it('masks data and the values inside the last-applied annotation', () => {
		const lines = liveYamlLines(webCredentials(), secretKey);
		expectNoLeak(lines);
		expect(lines).toContain('  password: ++++++++');
		const annotation = lines[lines.findIndex(line => line.includes('last-applied-configuration')) + 1] ?? '';
		expect(JSON.parse(annotation)).toEqual({
			apiVersion: 'v1',
			kind: 'Secret',
			metadata: {name: 'web-credentials', namespace: 'web'},
			data: {password: '++++++++', token: '++++++++'},
		});
	});

	it('gives a value changed since the apply the next longer mask', () => {
		const secret = webCredentials();
		secret['data'] = {password: btoa('rotated'), token: btoa(secretValues.token)};
		const lines = liveYamlLines(secret, secretKey);
		expect(lines).toContain('  password: ++++++++');
		expect(lines.join('\n')).toContain('"password":"++++++++++++"');
		expect(lines.join('\n')).toContain('"token":"++++++++"');
	});

	it('replaces an annotation that is not the JSON of a Secret whole', () => {
		const secret = webCredentials();
		secret.metadata.annotations = {'kubectl.kubernetes.io/last-applied-configuration': `password=${secretValues.password}`};
		const lines = liveYamlLines(secret, secretKey);
		expectNoLeak(lines);
		expect(lines).toContain('    kubectl.kubernetes.io/last-applied-configuration: ++++++++');
	});

	it('masks stringData and a Secret that came without kind, and leaves other kinds alone', () => {
		const {kind: _kind, ...bare} = {...webCredentials(), stringData: {extra: secretValues.password}};
		expectNoLeak(liveYamlLines(bare, secretKey));
		const configMap = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {password: 'visible'}};
		expect(liveYamlLines(configMap, {group: '', kind: 'ConfigMap'})).toContain('  password: visible');
	});

	it('prints nothing for a missing object, and escapes control characters', () => {
		expect(liveYamlLines(null, secretKey)).toEqual([]);
		const lines = liveYamlLines(
			{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {a: '\u001B]0;x\u0007', b: 'x\u0085y'}},
			{group: '', kind: 'ConfigMap'},
		);
		expect(lines).toContain('  a: "\\e]0;x\\a"');
		// eslint-disable-next-line no-control-regex
		expect(lines.join('\n')).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
	});
});
