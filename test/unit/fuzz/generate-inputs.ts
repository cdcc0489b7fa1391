/**
 * Generators of malformed input for the parsers: manifest text (YAML and JSON), Application and
 * AppProject documents, kubeconfig files and flags. Each starts from something valid and breaks
 * it the ways real files break (cut, duplicated and re-indented lines, wrong types, stray syntax)
 * and the ways an attacker would (alias bombs, deep nesting, option-like and control-character
 * strings). Deterministic for a given {@link Random}.
 */
import {dump} from 'js-yaml';
import type {AppFlags} from '../../../source/core/app-from-flags.js';
import {type Random, nastyStrings} from './random.js';

const manifestSeeds = [
	`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n`,
	`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  annotations:\n    note: "a: b"\ndata:\n  mode: "0644"\n  script: |\n    #!/bin/sh\n    echo hi\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n    targetPort: http\n`,
	`apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: creds\n  stringData:\n    password: hunter2\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: inline}\n  data: {a: "1"}\n`,
	`base: &base\n  apiVersion: v1\n  kind: ConfigMap\n---\n<<: *base\nmetadata:\n  name: merged\n`,
	`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"json"},"data":{"k":"v"}}`,
	`# only a comment\n---\n---\n`,
];

const applicationSeed = {
	apiVersion: 'argoproj.io/v1alpha1',
	kind: 'Application',
	metadata: {name: 'guestbook', namespace: 'argocd'},
	spec: {
		project: 'team',
		source: {
			repoURL: 'https://github.com/argoproj/argocd-example-apps.git',
			targetRevision: 'HEAD',
			path: 'helm-guestbook',
			helm: {valueFiles: ['values-prod.yaml'], parameters: [{name: 'image.tag', value: 'v2'}], releaseName: 'guestbook', values: 'a: 1\n'},
		},
		destination: {server: 'https://kubernetes.default.svc', namespace: 'guestbook'},
		syncPolicy: {
			automated: {prune: true, selfHeal: true},
			syncOptions: ['CreateNamespace=true', 'PruneLast=true'],
			retry: {limit: 5, backoff: {duration: '5s', factor: 2, maxDuration: '3m'}},
		},
		ignoreDifferences: [
			{
				group: 'apps',
				kind: 'Deployment',
				jsonPointers: ['/spec/replicas'],
				jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web")'],
			},
		],
		revisionHistoryLimit: 10,
	},
};

const projectSeed = {
	apiVersion: 'argoproj.io/v1alpha1',
	kind: 'AppProject',
	metadata: {name: 'team'},
	spec: {
		sourceRepos: ['https://github.com/argoproj/*', '!https://github.com/argoproj/secret*'],
		destinations: [{server: 'https://kubernetes.default.svc', namespace: 'guest*'}],
		clusterResourceWhitelist: [{group: '', kind: 'Namespace'}],
		namespaceResourceBlacklist: [{group: '', kind: 'ResourceQuota'}],
	},
};

const kubeconfigSeed = {
	apiVersion: 'v1',
	kind: 'Config',
	'current-context': 'dev',
	clusters: [{name: 'dev', cluster: {server: 'https://127.0.0.1:6443', 'insecure-skip-tls-verify': true}}],
	users: [{name: 'dev', user: {token: 'abc'}}],
	contexts: [{name: 'dev', context: {cluster: 'dev', user: 'dev', namespace: 'team'}}],
};

/** A value of any JSON type, sometimes nested, sometimes nasty. */
export function randomValue(random: Random, depth = 0): unknown {
	switch (random.int(0, depth > 3 ? 4 : 7)) {
		case 0:
			return random.pick(nastyStrings);
		case 1:
			return random.int(-1e6, 1e6) * (random.chance(0.2) ? 1e300 : 1);
		case 2:
			return random.chance(0.5);
		case 3:
			return null;
		case 4:
			return random.pick(['main', 'HEAD', 'v1.0', 'a/b', 'web', '*', '!x', 'x'.repeat(random.int(0, 70))]);
		case 5:
			return Array.from({length: random.int(0, 4)}, () => randomValue(random, depth + 1));
		default: {
			const object: Record<string, unknown> = {};
			for (let index = random.int(0, 4); index > 0; index--)
				object[random.pick(['name', 'kind', 'spec', 'x', ...nastyStrings])] = randomValue(random, depth + 1);
			return object;
		}
	}
}

/** `seed` with a few fields removed, retyped or added, anywhere in the tree. */
export function mutateDocument(random: Random, seed: unknown): unknown {
	const copy: unknown = structuredClone(seed);
	const mutations = random.int(1, 4);
	for (let count = 0; count < mutations; count++) {
		const target = randomContainer(random, copy);
		if (target === undefined) return randomValue(random);
		const keys: Array<string | number> = Array.isArray(target) ? target.map((_, index) => index) : Object.keys(target);
		const key =
			keys.length > 0 && random.chance(0.8)
				? random.pick<string | number>(keys)
				: random.pick(['extra', 'sourc', 'helm', 'directory', '0']);
		const container = target as Record<string | number, unknown>;
		const action = random.int(0, 2);
		if (action !== 0) container[key] = randomValue(random);
		// Splice, never delete, from a list: a hole is not something YAML or JSON can hold.
		else if (Array.isArray(target)) target.splice(Number(key) || 0, 1);
		else delete container[key];
	}
	return copy;
}

function randomContainer(random: Random, root: unknown): Record<string, unknown> | unknown[] | undefined {
	let current = root;
	let container: Record<string, unknown> | unknown[] | undefined;
	for (let depth = 0; depth < 6; depth++) {
		if (current === null || typeof current !== 'object') break;
		container = current as Record<string, unknown> | unknown[];
		const children = Object.values(container).filter(child => child !== null && typeof child === 'object');
		if (children.length === 0 || random.chance(0.3)) break;
		current = random.pick(children);
	}
	return container;
}

/** Text broken the ways files break; sometimes an alias bomb or deep nesting. */
export function mutateText(random: Random, text: string): string {
	let lines = text.split('\n');
	const mutations = random.int(1, 5);
	for (let count = 0; count < mutations; count++) {
		const at = random.int(0, Math.max(0, lines.length - 1));
		switch (random.int(0, 9)) {
			case 0:
				lines.splice(at, 1);
				break;
			case 1:
				lines.splice(at, 0, lines[at] ?? '');
				break;
			case 2:
				lines[at] = `${random.pick(['', ' ', '  ', '\t', '    '])}${(lines[at] ?? '').trimStart()}`;
				break;
			case 3: {
				const line = lines[at] ?? '';
				const cut = random.int(0, line.length);
				lines[at] = `${line.slice(0, cut)}${random.pick(nastyStrings)}${line.slice(cut + random.int(0, 3))}`;
				break;
			}
			case 4:
				lines.splice(at, 0, '---');
				break;
			case 5:
				lines = lines.slice(0, at);
				break;
			case 6:
				lines.push(aliasBomb(random));
				break;
			case 7:
				lines.push(`deep: ${deepNesting(random)}`);
				break;
			case 8:
				lines[at] = (lines[at] ?? '').replace(/: .*/u, `: ${dump(randomValue(random), {flowLevel: 0}).trim()}`);
				break;
			default:
				lines.splice(at, 0, random.pick(['\r', '\uFEFF', '\u0000', '%TAG ! tag:x,2000:', '!!set', '? complex', '<<: *missing']));
		}
	}
	return lines.join(random.chance(0.1) ? '\r\n' : '\n');
}

function aliasBomb(random: Random): string {
	const levels = random.int(1, 12);
	const width = random.int(2, 10);
	const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(',')}]`];
	for (let level = 1; level < levels; level++)
		lines.push(
			`l${level}: &l${level} [${Array(width)
				.fill(`*l${level - 1}`)
				.join(',')}]`,
		);
	return lines.join('\n');
}

function deepNesting(random: Random): string {
	const depth = random.pick([10, 99, 100, 101, 257, 2000, 20_000]);
	return random.chance(0.5) ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
}

export function manifestText(random: Random): string {
	if (random.chance(0.15)) return mutateText(random, JSON.stringify(mutateDocument(random, JSON.parse(manifestSeeds[4] ?? '{}'))));
	if (random.chance(0.15)) return dump(mutateDocument(random, applicationSeed), {noRefs: true});
	return mutateText(random, random.pick(manifestSeeds));
}

export function applicationDocument(random: Random): unknown {
	return mutateDocument(random, random.chance(0.75) ? applicationSeed : projectSeed);
}

/** An Application/AppProject file's text: documents dumped as YAML, then maybe broken as text. */
export function applicationFileText(random: Random): string {
	const documents = Array.from({length: random.int(1, 3)}, () => dump(applicationDocument(random), {noRefs: true}));
	const text = documents.join('---\n');
	return random.chance(0.5) ? mutateText(random, text) : text;
}

export function kubeconfigText(random: Random): string {
	const text = dump(mutateDocument(random, kubeconfigSeed), {noRefs: true});
	return random.chance(0.4) ? mutateText(random, text) : text;
}

/** Command-line flags for an app, any of them nasty. */
export function appFlags(random: Random): AppFlags {
	const flags: Record<string, unknown> = {};
	const string = () =>
		random.chance(0.5) ? random.pick(nastyStrings) : random.pick(['https://example.com/r.git', '/tmp/repo', 'app', 'main']);
	for (const name of ['repo', 'revision', 'path', 'namespace', 'name', 'release']) if (random.chance(0.6)) flags[name] = string();
	for (const name of ['values', 'set', 'setString', 'syncOption'])
		if (random.chance(0.4)) flags[name] = Array.from({length: random.int(0, 3)}, string);
	for (const name of ['recurse', 'prune', 'selfHeal', 'autoSync']) if (random.chance(0.3)) flags[name] = random.chance(0.5);
	return flags;
}

/** A jq path expression, valid or not. */
export function jqExpression(random: Random): string {
	const seeds = [
		'.spec.replicas',
		'.metadata.labels["app"]',
		'.spec.template.spec.containers[] | select(.name == "web") | .image',
		'.a[0].b[]?',
		'.x | select(.y | test("^a+$"))',
	];
	return random.chance(0.3) ? random.pick(nastyStrings) : mutateText(random, random.pick(seeds)).replace(/\n/gu, ' ');
}
