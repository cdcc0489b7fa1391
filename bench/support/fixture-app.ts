/**
 * The bench's app: N ConfigMaps plus one Deployment, plain YAML in one file, committed to a real
 * git repository. The same manifests are written as files for kubectl (one file up to 1,000
 * objects, 500-object files above: kubectl applied nothing of a 10,000-document file in 6.5 min).
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {KubeObject} from '../../source/core/kube-object.js';

export interface FixtureApp {
	/** N, the ConfigMaps (the Deployment comes on top). */
	configMaps: number;
	repo: string;
	/** The path of the app inside the repository. */
	appPath: string;
	/** Every object, without namespace, in file order. */
	objects: KubeObject[];
	/** Files (or one directory of files) to hand to `kubectl -f`. */
	kubectlFiles: string[];
}

export function configMapName(index: number): string {
	return `cm-${String(index).padStart(5, '0')}`;
}

/** Git's value of the key the bench drifts. */
export function gitValue(index: number): string {
	return `value-${index}`;
}

export function fixtureObjects(configMaps: number): KubeObject[] {
	const objects: KubeObject[] = [];
	for (let index = 0; index < configMaps; index++) {
		objects.push({
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {name: configMapName(index), labels: {'app.kubernetes.io/part-of': 'bench'}},
			data: {value: gitValue(index), 'settings.yaml': `replicas: 2\nregion: eu-west-1\nindex: ${index}\n`},
		});
	}
	objects.push({
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'web', labels: {'app.kubernetes.io/part-of': 'bench'}},
		spec: {
			replicas: 1,
			selector: {matchLabels: {app: 'web'}},
			template: {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'web', image: 'nginx:1.27'}]}},
		},
	});
	return objects;
}

function toYaml(objects: readonly KubeObject[]): string {
	// JSON is YAML: one document per object, exactly what a repository of plain manifests holds.
	return objects.map(object => `---\n${JSON.stringify(object)}\n`).join('');
}

/** Writes the repository (one commit) and the kubectl files under `dir`. */
export function writeFixtureApp(dir: string, configMaps: number): FixtureApp {
	const objects = fixtureObjects(configMaps);
	const repo = path.join(dir, 'repo');
	const appPath = 'app';
	mkdirSync(path.join(repo, appPath), {recursive: true});
	writeFileSync(path.join(repo, appPath, 'app.yaml'), toYaml(objects));
	const git = (...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args], {
			cwd: repo,
			stdio: 'ignore',
		});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', `bench app: ${configMaps} ConfigMaps and a Deployment`);
	const kubectlDir = path.join(dir, 'kubectl');
	mkdirSync(kubectlDir, {recursive: true});
	const kubectlFiles: string[] = [];
	const chunk = objects.length <= 1001 ? objects.length : 500;
	for (let start = 0; start < objects.length; start += chunk) {
		const file = path.join(kubectlDir, `part-${String(start / chunk).padStart(3, '0')}.yaml`);
		writeFileSync(file, toYaml(objects.slice(start, start + chunk)));
		kubectlFiles.push(file);
	}
	return {configMaps, repo, appPath, objects, kubectlFiles};
}
