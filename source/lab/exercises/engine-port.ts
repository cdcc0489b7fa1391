/**
 * The driftwatch actions a lab step takes for a person (what they would do with the keys `A`, `s`,
 * `R`...), as the engine offers them. Engine types only: the exercises stay pure.
 */
import type {ActionResult, AppPolicy, EngineActions} from '../../engine/engine-state.js';

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
