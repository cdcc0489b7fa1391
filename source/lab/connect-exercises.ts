/**
 * The lab's exercises wired to a running lab: the human steps go to the lab's cluster (as
 * `lab-user`, and as the read-only context for the RBAC exercise) and to the demo's working clone;
 * the driftwatch steps to the engine the UI shows. For the UI's lab panel (`L`, `:lab`).
 */
import {connect} from '../cluster/kube-connection.js';
import {LabUserClient} from '../cluster/lab-user-client.js';
import type {EngineActions, EngineStore} from '../engine/engine-state.js';
import {WorkingClone} from '../git/working-clone.js';
import {LabExercises} from './lab-exercises.js';
import type {LabRecord} from './lab-record.js';
import {enginePort} from './lab-ports.js';

export function connectExercises(
	record: LabRecord,
	engine: EngineStore & Pick<EngineActions, 'setPolicy' | 'sync' | 'rollback' | 'refresh'>,
): LabExercises {
	const admin = connect({kubeconfig: record.kubeconfig, context: record.context});
	const readOnly = connect({kubeconfig: record.kubeconfig, context: record.readOnlyContext});
	return new LabExercises({
		app: record.app,
		store: engine,
		context: {
			namespace: record.namespace,
			cluster: new LabUserClient(admin, readOnly),
			git: new WorkingClone(record.clone),
			engine: enginePort(engine),
		},
	});
}
