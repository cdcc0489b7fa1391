/**
 * The confirmation of a mutating action, showing the exact plan (what is applied, what is
 * deleted, which commit is reverted), then its progress and its result.
 */
import {Box} from 'ink';
import {Text} from './text.js';
import type {ActionPlan} from '../../engine/engine-state.js';
import {describeRequest, policyNotes} from '../describe-action.js';
import type {Dialog} from '../hooks/use-action-flow.js';
import {confirmBindings, keysLabel} from '../keymap.js';
import {theme} from '../theme.js';

/** Objects listed per group before "…and N more", so a big plan still fits at 80x24. */
const maxListed = 4;

/** One body line of the dialog, with its color. */
export interface DialogLine {
	text: string;
	color?: string;
}

function listed(title: string, items: readonly string[], color: string): DialogLine[] {
	if (items.length === 0) return [{text: `${title}: nothing`, color: theme.muted}];
	const shown = items.slice(0, maxListed).map(item => ({text: `  ${item}`, color}));
	const more = items.length > maxListed ? [{text: `  …and ${items.length - maxListed} more`, color: theme.muted}] : [];
	return [{text: `${title} (${items.length}):`}, ...shown, ...more];
}

function planLines(plan: ActionPlan): DialogLine[] {
	return [
		...(plan.commit ? [{text: `Commit: ${plan.commit.sha.slice(0, 7)} ${plan.commit.subject}`, color: theme.accent}] : []),
		...listed('Apply', plan.apply, theme.success),
		...listed('Delete', plan.delete, theme.danger),
		...plan.notes.map(note => ({text: `Note: ${note}`, color: theme.warning})),
	];
}

/** The dialog's body lines (without border and title), also used to size the layout. */
export function dialogLines(dialog: Dialog): DialogLine[] {
	switch (dialog.stage) {
		case 'planning':
			return [{text: 'Planning…', color: theme.muted}];
		case 'confirm': {
			const body = dialog.plan
				? planLines(dialog.plan)
				: dialog.request.kind === 'policy'
					? policyNotes(dialog.request.patch).map(text => ({text}))
					: [];
			const [go, stop] = confirmBindings;
			const hint = `${go ? keysLabel(go) : ''}: go ahead   ${stop ? keysLabel(stop) : ''}: cancel, nothing changes`;
			return [...body, {text: hint, color: theme.accent}];
		}
		case 'running':
			return [...(dialog.plan ? planLines(dialog.plan) : []), {text: 'Running…', color: theme.info}];
		case 'result': {
			const {result} = dialog;
			return [
				{text: result.ok ? `✔ Done. ${result.message}` : `✖ Failed: ${result.message}`, color: result.ok ? theme.success : theme.danger},
				...listed('Applied', result.applied, theme.success),
				...listed('Deleted', result.deleted, theme.danger),
				...result.errors.slice(0, maxListed).map(error => ({text: `✖ ${error}`, color: theme.danger})),
				{text: 'Press any key to close', color: theme.muted},
			];
		}
	}
}

/** Rows the dialog takes: body, title and border. */
export function dialogHeight(dialog: Dialog): number {
	return dialogLines(dialog).length + 3;
}

/** The dialog of the action flow: plan, progress or result. */
export function ActionDialog({dialog}: {dialog: Dialog}) {
	const title = dialog.stage === 'confirm' ? `${describeRequest(dialog.request)}?` : describeRequest(dialog.request);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.warning} paddingX={1} flexShrink={0}>
			<Text bold wrap="truncate-end">
				{title}
			</Text>
			{dialogLines(dialog).map((line, index) => (
				<Text key={index} color={line.color} wrap="truncate-end">
					{line.text}
				</Text>
			))}
		</Box>
	);
}
