/**
 * What the lab's "human" steps need from the outside world: the requests a person would make with
 * kubectl (as field manager `lab-user`, never driftwatch), the commits they would push from the
 * demo's working clone (author `lab-user`), and the actions they would take in driftwatch itself.
 * source/cluster/lab-user-client.ts and source/git/working-clone.ts implement the first two; the
 * engine's actions are the third. Unit tests pass fakes.
 */
import type {AppPolicy, ActionResult, EngineActions} from '../engine/engine-state.js';

/** The field manager (and Git author name) of every step the lab makes for a person. */
export const labUser = 'lab-user';

export interface LabPod {
	name: string;
	/** Set once the pod is being deleted. */
	deleting: boolean;
}

export interface LabClusterPort {
	/** `kubectl get pods -l SELECTOR`. */
	listPods(namespace: string, labelSelector: string): Promise<LabPod[]>;
	/** `kubectl delete pod NAME` (without waiting). */
	deletePod(namespace: string, name: string): Promise<void>;
	/** `kubectl scale deployment NAME --replicas=N`: the scale subresource. */
	scaleDeployment(namespace: string, name: string, replicas: number): Promise<void>;
	/** `kubectl set image deployment/NAME CONTAINER=IMAGE`. */
	setImage(namespace: string, deployment: string, container: string, image: string): Promise<void>;
	/** `kubectl delete service NAME`. */
	deleteService(namespace: string, name: string): Promise<void>;
	/**
	 * What a sync as the read-only user amounts to: a server-side apply of the Deployment's
	 * replicas, sent with the read-only user's credentials. Rejects with the API server's answer.
	 */
	applyAsReadOnlyUser(namespace: string, deployment: string, replicas: number): Promise<void>;
}

export interface LabGitPort {
	/** A file of the working clone (path relative to its root). */
	read(file: string): Promise<string>;
	write(file: string, content: string): Promise<void>;
	/** `git rm FILE`. */
	remove(file: string): Promise<void>;
	/** `git revert --no-edit SHA`, pushed; returns the new commit. */
	revert(sha: string): Promise<{sha: string; subject: string}>;
	/** `git commit -am MESSAGE && git push`; returns the new commit. */
	commitAndPush(message: string): Promise<{sha: string; subject: string}>;
	/** `git pull --ff-only`: the clone catches up with the remote (driftwatch may have pushed). */
	pull(): Promise<void>;
}

/** The driftwatch actions a person takes from the UI, as the engine offers them. */
export interface LabEnginePort {
	setPolicy(app: string, patch: Partial<AppPolicy>): void;
	sync(app: string): Promise<ActionResult>;
	rollback(app: string, historyId: number): Promise<ActionResult>;
	refresh(app?: string): Promise<void>;
}

/** The engine's own actions fit the port as they are. */
export function enginePort(actions: Pick<EngineActions, 'setPolicy' | 'sync' | 'rollback' | 'refresh'>): LabEnginePort {
	return {
		setPolicy: (app, patch) => actions.setPolicy(app, patch),
		sync: async app => actions.sync(app),
		rollback: async (app, historyId) => actions.rollback(app, historyId),
		refresh: async app => actions.refresh(app),
	};
}
