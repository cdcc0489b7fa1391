/**
 * What `driftwatch set-image CONTAINER=IMAGE` means for the rendered objects: the image field of
 * every container of that name in the app's workloads (or in the workloads `--resource` names)
 * gets the new image. Pure.
 */
import type {KubeObject} from '../kube-object.js';
import {editRefused, type FieldChange} from './edit-types.js';
import {invalidImageReason} from './image-reference.js';
import {workloadContainers} from './workload-containers.js';

export interface ImageAssignment {
	container: string;
	image: string;
}

const containerName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads `CONTAINER=IMAGE[:TAG][@DIGEST]`.
 *
 * @returns The assignment, or the reason the text is not one.
 */
export function parseImageAssignment(text: string): ImageAssignment | {error: string} {
	const equals = text.indexOf('=');
	if (equals <= 0) return {error: `"${text}" is not CONTAINER=IMAGE:TAG`};
	const container = text.slice(0, equals);
	const image = text.slice(equals + 1);
	if (container.length > 63 || !containerName.test(container)) return {error: `"${container}" is not a container name (a DNS label)`};
	const invalid = invalidImageReason(image);
	if (invalid) return {error: `${container}=${image}: ${invalid}`};
	return {container, image};
}

/** A `--resource` filter: 'Deployment/web', 'deployment/web' or 'Deployment/ns/web'. */
export function matchesResourceFilter(object: {kind: string; namespace: string; name: string}, filter: string): boolean {
	const parts = filter.split('/');
	const [kind, namespace, name] = parts.length === 3 ? parts : [parts[0], undefined, parts[1]];
	return (
		kind?.toLowerCase() === object.kind.toLowerCase() && name === object.name && (namespace === undefined || namespace === object.namespace)
	);
}

/**
 * The field changes of `assignments` on `objects`; containers that already run the image are left out.
 *
 * @throws DriftwatchError 'edit-refused' when a container name matches nothing.
 */
export function imageChanges(
	objects: readonly KubeObject[],
	assignments: readonly ImageAssignment[],
	resources: readonly string[] = [],
): FieldChange[] {
	const containers = workloadContainers(objects).filter(
		container => resources.length === 0 || resources.some(filter => matchesResourceFilter(container.object, filter)),
	);
	const changes: FieldChange[] = [];
	for (const assignment of assignments) {
		const matching = containers.filter(container => container.name === assignment.container);
		if (matching.length === 0) {
			const names = [...new Set(containers.map(container => container.name))].join(', ') || 'none';
			const scope = resources.length > 0 ? ` of ${resources.join(', ')}` : '';
			throw editRefused(`no container named ${assignment.container} in the workloads${scope} (containers: ${names})`);
		}
		for (const container of matching) {
			if (container.image === assignment.image) continue;
			changes.push({object: container.object, path: container.pointer, from: container.image, to: assignment.image});
		}
	}
	return changes;
}
