/**
 * A pod's state in one word, as `kubectl get pods` shows it: Terminating, Pending,
 * ContainerCreating, CrashLoopBackOff, ImagePullBackOff, Running, Completed, Error...
 */
import type {KubeObject} from './kube-object.js';

interface ContainerStatus {
	name?: string;
	ready?: boolean;
	state?: {waiting?: {reason?: string}; terminated?: {reason?: string}; running?: unknown};
}

export function podLiveState(pod: KubeObject): string {
	if (pod.metadata.deletionTimestamp) return 'Terminating';
	const status = (pod['status'] ?? {}) as {phase?: string; reason?: string; containerStatuses?: ContainerStatus[]};
	if (status.reason) return status.reason;
	for (const container of status.containerStatuses ?? []) {
		const waiting = container.state?.waiting?.reason;
		if (waiting) return waiting;
		const terminated = container.state?.terminated?.reason;
		if (terminated && status.phase !== 'Succeeded') return terminated;
	}
	// Scheduled or not, a pod whose kubelet has reported no container yet is "Pending" (as kubectl
	// prints it); "ContainerCreating" is the kubelet's own waiting reason, taken above.
	if (status.phase === 'Succeeded') return 'Completed';
	if (status.phase === 'Failed') return 'Error';
	return status.phase ?? 'Unknown';
}

/** Container names of a pod (init containers first), for the logs view. */
export function podContainers(pod: KubeObject): string[] {
	const spec = (pod['spec'] ?? {}) as {containers?: Array<{name?: string}>; initContainers?: Array<{name?: string}>};
	return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map(container => container.name ?? '').filter(Boolean);
}
