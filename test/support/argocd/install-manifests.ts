/**
 * What Argo CD needs in the cluster before its processes start: its CRDs (Application, AppProject)
 * and, in its own namespace, the config maps and the secret of its "core" install
 * (manifests/core-install.yaml of the same version, copied into the build cache), plus the
 * `default` AppProject that the API server would otherwise create. Deployments, Services and RBAC
 * of that install are left out: the components run as local processes with admin credentials.
 */
import {randomBytes} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {loadAll} from 'js-yaml';
import type {ProfileSettings} from './argocd-settings.js';

type Manifest = {apiVersion: string; kind: string; metadata: {name: string; namespace?: string}; data?: Record<string, string>};

const crdFiles = ['application-crd.yaml', 'appproject-crd.yaml'];

/** The CRDs, cluster-scoped and shared by every Argo CD this control plane runs. */
export async function argoCdCrds(cacheDir: string): Promise<Manifest[]> {
	const crds: Manifest[] = [];
	for (const file of crdFiles) crds.push(...documents(await readFile(path.join(cacheDir, 'manifests', 'crds', file), 'utf8')));
	return crds;
}

/** The namespace, config maps, secret and default project of one Argo CD. */
export async function argoCdNamespaceObjects(cacheDir: string, namespace: string, settings: ProfileSettings): Promise<Manifest[]> {
	const install = documents(await readFile(path.join(cacheDir, 'manifests', 'core-install.yaml'), 'utf8'));
	const objects: Manifest[] = [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: namespace}}];
	for (const object of install.filter(candidate => candidate.kind === 'ConfigMap' || candidate.kind === 'Secret')) {
		const copy: Manifest = {...object, metadata: {...object.metadata, namespace}};
		const extra = settings.configMaps[object.metadata.name as keyof ProfileSettings['configMaps']];
		if (extra) copy.data = {...object.data, ...extra};
		// Without a server secret key the controller cannot read its cluster settings.
		if (object.metadata.name === 'argocd-secret') {
			(copy as Manifest & {stringData?: Record<string, string>}).stringData = {'server.secretkey': randomBytes(32).toString('base64')};
		}
		objects.push(copy);
	}
	objects.push({
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'AppProject',
		metadata: {name: 'default', namespace},
		spec: {
			sourceRepos: ['*'],
			destinations: [{server: '*', namespace: '*'}],
			clusterResourceWhitelist: [{group: '*', kind: '*'}],
		},
	} as Manifest);
	return objects;
}

function documents(text: string): Manifest[] {
	return (loadAll(text) as Array<Manifest | null>).filter((document): document is Manifest => document !== null && !!document.kind);
}
