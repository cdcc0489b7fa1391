/**
 * Reads an Argo CD `AppProject` into the limits driftwatch enforces: source repositories,
 * destinations and resource kinds. RBAC roles and the like mean nothing without an Argo CD
 * server, so they are skipped quietly. Pure: no I/O.
 */
import type {AppProjectLimits, GroupKind} from './app-definition.js';
import {type FieldReader, joinField, readObjectName} from './manifest-fields.js';

const kindLists = [
	'clusterResourceWhitelist',
	'clusterResourceBlacklist',
	'namespaceResourceWhitelist',
	'namespaceResourceBlacklist',
] as const;

// Fields about Argo CD's own server (RBAC, UI, app namespaces): irrelevant here, so no warning.
const serverOnlyFields = ['description', 'roles', 'sourceNamespaces'];
const unsupportedFields = [
	'syncWindows',
	'signatureKeys',
	'orphanedResources',
	'permitOnlyProjectScopedClusters',
	'destinationServiceAccounts',
];

/** Reads one AppProject; undefined when unusable (the reader then holds the errors). */
export function parseAppProject(document: Record<string, unknown>, reader: FieldReader): AppProjectLimits | undefined {
	const name = readObjectName(document, reader, 'AppProject');
	const spec = reader.mapping(document['spec'], 'spec', {required: true});
	if (name === undefined || spec === undefined) return undefined;
	reader.unknownFields(spec, 'spec', ['sourceRepos', 'destinations', ...kindLists, ...serverOnlyFields], unsupportedFields);

	const limits: AppProjectLimits = {
		name,
		// No sourceRepos permits no repository, as in Argo CD.
		sourceRepos: reader.stringList(spec['sourceRepos'], 'spec.sourceRepos') ?? [],
		destinations: readDestinations(spec['destinations'], reader),
	};
	for (const key of kindLists) {
		const list = readGroupKinds(spec[key], reader, joinField('spec', key));
		if (list !== undefined) limits[key] = list;
	}
	return limits;
}

function readDestinations(value: unknown, reader: FieldReader): AppProjectLimits['destinations'] {
	const entries = reader.list(value, 'spec.destinations') ?? [];
	const destinations: AppProjectLimits['destinations'] = [];
	entries.forEach((entry, index) => {
		const field = `spec.destinations[${index}]`;
		const spec = reader.mapping(entry, field, {required: true});
		if (spec === undefined) return;
		reader.unknownFields(spec, field, ['server', 'name', 'namespace']);
		const namespace = reader.string(spec['namespace'], joinField(field, 'namespace'));
		const server = reader.string(spec['server'], joinField(field, 'server'));
		const name = reader.string(spec['name'], joinField(field, 'name'));
		// Argo CD accepts these but they can never match an app, which always has a namespace
		// and a cluster; saying so beats a puzzling "not permitted" later.
		if (namespace === undefined) reader.fail(joinField(field, 'namespace'), "required (use '*' for any namespace)");
		if (!server && !name) reader.fail(field, "one of server or name is required (use server: '*' for any cluster)");
		const destination: AppProjectLimits['destinations'][number] = {namespace: namespace ?? ''};
		if (server) destination.server = server;
		if (name) destination.name = name;
		destinations.push(destination);
	});
	return destinations;
}

function readGroupKinds(value: unknown, reader: FieldReader, field: string): GroupKind[] | undefined {
	const entries = reader.list(value, field);
	if (entries === undefined) return undefined;
	const list: GroupKind[] = [];
	entries.forEach((entry, index) => {
		const entryField = `${field}[${index}]`;
		const spec = reader.mapping(entry, entryField, {required: true});
		if (spec === undefined) return;
		reader.unknownFields(spec, entryField, ['group', 'kind'], ['name']);
		// `group` is usually written as '' for the core group, but left out means the same.
		const group = reader.string(spec['group'], joinField(entryField, 'group')) ?? '';
		const kind = reader.string(spec['kind'], joinField(entryField, 'kind'), {required: true});
		if (kind !== undefined) list.push({group, kind});
	});
	return list;
}
