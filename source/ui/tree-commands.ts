/**
 * What the app screen's commands do with the object under the cursor: drill into its diff or
 * live YAML, follow the logs of its (troubled) pod, sync the picked objects or the whole app, keep
 * its live change (K), set its image (I), or promote the app's environment (E).
 */
import {keyString} from '../core/kube-object.js';
import type {AppView} from '../engine/engine-state.js';
import type {CommandId} from './keymap.js';
import type {Route} from './navigation.js';
import {podForLogs, type TreeRow} from './select-tree.js';
import {promptSetImage, requestKeep, requestPromote} from './source-edit-commands.js';
import type {UiContextValue} from './ui-context.js';

/** The app screen state commands act on. */
export interface TreeSelection {
	app: AppView;
	row: TreeRow | undefined;
	/** keyStrings picked with space. */
	picked: readonly string[];
	/** Every app the engine watches (E finds the app's environments among them). */
	apps: ReadonlyArray<{name: string}>;
}

function drifted(row: TreeRow | undefined): boolean {
	return row?.object !== undefined && row.object.drift !== 'none';
}

/** Handles a command for the tree; false leaves it to the root. */
export function handleTreeCommand(
	command: CommandId,
	{app, row, picked, apps}: TreeSelection,
	ui: Pick<UiContextValue, 'dispatch' | 'request' | 'actions'>,
): boolean {
	const push = (route: Route) => ui.dispatch({type: 'push', route});
	switch (command) {
		case 'open':
			if (!row) return false;
			push(drifted(row) ? {screen: 'diff', app: app.name, object: row.node.key} : {screen: 'yaml', app: app.name, object: row.node.key});
			return true;
		case 'diff':
			push({screen: 'diff', app: app.name, object: drifted(row) ? row?.node.key : undefined});
			return true;
		case 'liveYaml':
			if (!row) return false;
			push({screen: 'yaml', app: app.name, object: row.node.key});
			return true;
		case 'logs': {
			const target = row ? podForLogs(row.node) : null;
			if (!target) {
				ui.dispatch({
					type: 'notify',
					message: {tone: 'error', text: 'Logs come from pods: put the cursor on a pod, or on a workload that has pods.'},
				});
				return true;
			}
			push({screen: 'logs', app: app.name, ...target});
			return true;
		}
		case 'keep':
			requestKeep(app, row?.object, ui);
			return true;
		case 'setImage':
			promptSetImage(app, row?.node.key, row?.object !== undefined, ui);
			return true;
		case 'promoteEnvironment':
			requestPromote(app, apps, ui);
			return true;
		case 'sync': {
			const known = new Set(app.status.objects.map(object => keyString(object.key)));
			const resources = picked.filter(id => known.has(id));
			ui.request({kind: 'sync', app: app.name, resources: resources.length > 0 ? resources : undefined});
			return true;
		}
		default:
			return false;
	}
}
