/**
 * The one-shot commands' evaluation (`status`, `diff`): the same engine as the UI and the headless
 * stream, started in 'once' mode: it renders Git, lists each kind once, compares (dry runs in
 * parallel, bounded), and stops. No poll timer runs and no policy acts, so `driftwatch status`
 * and the UI say the same things about one cluster.
 */
import type {AppStatus} from '../core/app-status.js';
import {DriftEngine, type DriftEngineOptions} from './drift-engine.js';

export type OneShotOptions = Omit<DriftEngineOptions, 'mode' | 'audit' | 'notifier' | 'heal' | 'sleep'>;

/** Each app's status after its first complete evaluation, in the order given. */
export async function evaluateOnce(options: OneShotOptions): Promise<AppStatus[]> {
	const engine = new DriftEngine({...options, mode: 'once'});
	try {
		await engine.start();
		return engine.getSnapshot().apps.map(app => app.status);
	} finally {
		engine.stop();
	}
}
