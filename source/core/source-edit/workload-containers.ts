/**
 * The containers of the workloads an app renders, with the pointer to each one's image: what
 * set-image and promote act on. Pure.
 */
import {formatPointer} from '../json-pointer.js';
import {isRecord} from '../json-value.js';
import {type KubeObject, type ResourceKey, resourceKeyOf} from '../kube-object.js';

/** Where the pod spec is in each workload kind. */
const podSpecPaths: Record<string, string[]> = {
	Pod: ['spec'],
	Deployment: ['spec', 'template', 'spec'],
	StatefulSet: ['spec', 'template', 'spec'],
	DaemonSet: ['spec', 'template', 'spec'],
	ReplicaSet: ['spec', 'template', 'spec'],
	ReplicationController: ['spec', 'template', 'spec'],
	Job: ['spec', 'template', 'spec'],
	CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
	Rollout: ['spec', 'template', 'spec'],
};

export interface WorkloadContainer {
	object: ResourceKey;
	/** 'containers' or 'initContainers'. */
	list: 'containers' | 'initContainers';
	name: string;
	image: string;
	/** Pointer to the image field. */
	pointer: string;
}

/** Every named container with an image in `objects`, in render order. */
export function workloadContainers(objects: readonly KubeObject[]): WorkloadContainer[] {
	const found: WorkloadContainer[] = [];
	for (const object of objects) {
		const path = podSpecPaths[object.kind];
		if (!path) continue;
		let spec: unknown = object;
		for (const segment of path) spec = isRecord(spec) ? spec[segment] : undefined;
		if (!isRecord(spec)) continue;
		for (const list of ['initContainers', 'containers'] as const) {
			const containers = spec[list];
			if (!Array.isArray(containers)) continue;
			containers.forEach((container, index) => {
				if (!isRecord(container) || typeof container['name'] !== 'string' || typeof container['image'] !== 'string') return;
				found.push({
					object: resourceKeyOf(object),
					list,
					name: container['name'],
					image: container['image'],
					pointer: formatPointer([...path, list, index, 'image']),
				});
			});
		}
	}
	return found;
}
