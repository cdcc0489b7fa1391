/**
 * The confirmation of a mutating action, showing the exact plan (what is applied, what is
 * deleted, which commit is reverted, and for Git writes the exact file diff), then its progress
 * and its result. A plan taller than the room it gets scrolls (j/k, PgUp/PgDn) while the keys to
 * confirm or cancel stay on screen, so a long diff still fits 80x24.
 */
import {Box} from 'ink';
import {Text} from './text.js';
import type {ActionPlan, EditView} from '../../engine/engine-state.js';
import {describeFieldChange, describePlacement} from '../../presentation/source-edit-words.js';
import {describeRequest, policyNotes} from '../describe-action.js';
import type {Dialog} from '../hooks/use-action-flow.js';
import {confirmBindings, keysLabel} from '../keymap.js';
import {theme} from '../theme.js';

/** Objects listed per group before "…and N more", so a big plan still fits at 80x24. */
const maxListed = 4;

/** Rows around the body: border (2) and title (1). */
const chromeRows = 3;

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

function diffColor(line: string): string | undefined {
	if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('@@')) return theme.diff['@'];
	if (line.startsWith('+')) return theme.diff['+'];
	if (line.startsWith('-')) return theme.diff['-'];
	return undefined;
}

/** A Git write: where it goes, each field change, then every line of the file diff. */
function editLines(edit: EditView): DialogLine[] {
	const subject = edit.message.split('\n')[0] ?? '';
	return [
		{text: `Commit to ${edit.branch} of ${edit.repo}${edit.pushes ? ', pushed' : ''}:`, color: theme.accent},
		{text: `  ${subject}`},
		...edit.changes.map(placed => ({text: `${describeFieldChange(placed)}  in ${describePlacement(placed)}`, color: theme.warning})),
		...edit.files.flatMap(file =>
			file.diff
				.replace(/\n$/, '')
				.split('\n')
				.filter(line => !line.startsWith('diff --git'))
				.map(line => ({text: line, ...(diffColor(line) ? {color: diffColor(line)} : {})})),
		),
	];
}

function planLines(plan: ActionPlan): DialogLine[] {
	if (plan.edit) return [...editLines(plan.edit), ...plan.notes.map(note => ({text: `Note: ${note}`, color: theme.warning}))];
	return [
		...(plan.commit ? [{text: `Commit: ${plan.commit.sha.slice(0, 7)} ${plan.commit.subject}`, color: theme.accent}] : []),
		...listed('Apply', plan.apply, theme.success),
		...listed('Delete', plan.delete, theme.danger),
		...plan.notes.map(note => ({text: `Note: ${note}`, color: theme.warning})),
	];
}

/** The dialog's scrolling body and its fixed last lines (the keys), without border and title. */
export function dialogParts(dialog: Dialog): {body: DialogLine[]; footer: DialogLine[]} {
	switch (dialog.stage) {
		case 'planning':
			return {body: [{text: 'Planning…', color: theme.muted}], footer: []};
		case 'confirm': {
			const body = dialog.plan
				? planLines(dialog.plan)
				: dialog.request.kind === 'policy'
					? policyNotes(dialog.request.patch).map(text => ({text}))
					: [];
			const [go, stop] = confirmBindings;
			const hint = `${go ? keysLabel(go) : ''}: go ahead   ${stop ? keysLabel(stop) : ''}: cancel, nothing changes`;
			return {body, footer: [{text: hint, color: theme.accent}]};
		}
		case 'running':
			return {body: dialog.plan ? planLines(dialog.plan) : [], footer: [{text: 'Running…', color: theme.info}]};
		case 'result': {
			const {result} = dialog;
			const source = dialog.request.kind === 'keep' || dialog.request.kind === 'set-image' || dialog.request.kind === 'promote';
			return {
				body: [
					{text: result.ok ? `✔ Done. ${result.message}` : `✖ Failed: ${result.message}`, color: result.ok ? theme.success : theme.danger},
					...(source && result.applied.length === 0 ? [] : listed('Applied', result.applied, theme.success)),
					...(source && result.deleted.length === 0 ? [] : listed('Deleted', result.deleted, theme.danger)),
					...result.errors.slice(0, maxListed).map(error => ({text: `✖ ${error}`, color: theme.danger})),
				],
				footer: [{text: 'Press any key to close', color: theme.muted}],
			};
		}
	}
}

/** Body rows shown when the dialog may take `maxRows` rows; the rest scrolls. */
function visibleRows(dialog: Dialog, maxRows: number): {shown: number; total: number; scrolls: boolean} {
	const {body, footer} = dialogParts(dialog);
	const room = Math.max(1, maxRows - chromeRows - footer.length);
	if (body.length <= room) return {shown: body.length, total: body.length, scrolls: false};
	// One row goes to the position line.
	return {shown: Math.max(1, room - 1), total: body.length, scrolls: true};
}

/** Rows the dialog takes when it may take at most `maxRows`: body (or its window), footer, title and border. */
export function dialogHeight(dialog: Dialog, maxRows = Number.POSITIVE_INFINITY): number {
	const {footer} = dialogParts(dialog);
	const {shown, scrolls} = visibleRows(dialog, maxRows);
	return shown + (scrolls ? 1 : 0) + footer.length + chromeRows;
}

/** The first body line to show for a requested `top`: never past the end. */
export function clampTop(dialog: Dialog, top: number, maxRows: number): number {
	const {shown, total} = visibleRows(dialog, maxRows);
	return Math.max(0, Math.min(top, total - shown));
}

/** Props of ActionDialog. */
export interface ActionDialogProps {
	dialog: Dialog;
	/** The first body line shown (scrolling); clamped. Default 0. */
	top?: number;
	/** The most rows the dialog may take. Default: as many as it needs. */
	maxRows?: number;
}

/** The dialog of the action flow: plan, progress or result. */
export function ActionDialog({dialog, top = 0, maxRows = Number.POSITIVE_INFINITY}: ActionDialogProps) {
	const title = dialog.stage === 'confirm' ? `${describeRequest(dialog.request)}?` : describeRequest(dialog.request);
	const {body, footer} = dialogParts(dialog);
	const {shown, total, scrolls} = visibleRows(dialog, maxRows);
	const first = clampTop(dialog, top, maxRows);
	const lines = scrolls ? body.slice(first, first + shown) : body;
	const scrollKeys = confirmBindings.filter(binding => binding.command.startsWith('scroll')).map(binding => binding.chords[0]?.label);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.warning} paddingX={1} flexShrink={0}>
			<Text bold wrap="truncate-end">
				{title}
			</Text>
			{lines.map((line, index) => (
				<Text key={index} color={line.color} wrap="truncate-end">
					{line.text}
				</Text>
			))}
			{scrolls && (
				<Text color={theme.muted} wrap="truncate-end">
					{`── lines ${first + 1}-${first + lines.length} of ${total} · ${scrollKeys.join('/')} scroll ──`}
				</Text>
			)}
			{footer.map((line, index) => (
				<Text key={`footer-${index}`} color={line.color} wrap="truncate-end">
					{line.text}
				</Text>
			))}
		</Box>
	);
}
