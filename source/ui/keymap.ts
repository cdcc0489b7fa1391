/**
 * The one keymap: every key binding is a named command with a label and a description. The input
 * hook resolves raw keys to commands here, the help screen is generated from these tables, and no
 * component compares raw keys itself (so a rebinding is one edit, and help cannot go stale).
 */
import type {Key} from 'ink';
import type {ScreenName} from './navigation.js';

/** The commands of the normal mode. */
export type CommandId =
	| 'up'
	| 'down'
	| 'top'
	| 'bottom'
	| 'pageUp'
	| 'pageDown'
	| 'open'
	| 'back'
	| 'filter'
	| 'command'
	| 'help'
	| 'quit'
	| 'diff'
	| 'timeline'
	| 'history'
	| 'logs'
	| 'liveYaml'
	| 'select'
	| 'toggleDiffMode'
	| 'nextContainer'
	| 'previousLogs'
	| 'nextPane'
	| 'sync'
	| 'revert'
	| 'toggleSelfHeal'
	| 'toggleAutoSync'
	| 'togglePrune'
	| 'refresh'
	| 'keep'
	| 'setImage'
	| 'promoteEnvironment'
	| 'lab'
	| 'runStep';

/** Commands of the confirmation dialog and of the `/` and `:` prompts. */
export type ModalCommandId = 'confirm' | 'cancel' | 'submit' | 'erase' | 'scrollUp' | 'scrollDown' | 'scrollPageUp' | 'scrollPageDown';

/** Special keys by the name ink's `Key` gives them. */
export type KeyName =
	'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

/** One key: a printable character (`input`) or a special key, optionally with ctrl. */
export interface KeyChord {
	input?: string;
	key?: KeyName;
	ctrl?: boolean;
	/** How help shows it: 'j', '↓', 'ctrl-c', 'PgDn'. */
	label: string;
}

/** What a mutating binding needs: help and the status line say why it is unavailable. 'write': a commit to Git. */
export type Guard = 'sync' | 'prune' | 'revert' | 'policy' | 'write';

/** Help sections. */
export type Section = 'Navigation' | 'Views' | 'Actions';

/** A named command, its keys, and what help says about it. */
export interface Binding<Id extends string = CommandId> {
	command: Id;
	chords: KeyChord[];
	label: string;
	description: string;
	section: Section;
	/** Screens where the command does something; 'all' for global commands. */
	screens: 'all' | readonly ScreenName[];
	guard?: Guard;
	/** Only in `driftwatch lab`: elsewhere the key does nothing and neither help nor hints list it. */
	labOnly?: boolean;
}

const char = (input: string, label = input): KeyChord => ({input, label});
const special = (key: KeyName, label: string): KeyChord => ({key, label});
const ctrl = (input: string): KeyChord => ({input, ctrl: true, label: `ctrl-${input}`});

const lists: ScreenName[] = ['apps', 'app', 'timeline', 'history', 'help', 'lab'];
const texts: ScreenName[] = ['diff', 'logs', 'yaml'];
const anyApp: ScreenName[] = ['apps', 'app', 'diff', 'timeline', 'history', 'logs', 'yaml', 'lab'];

/** Every binding of the normal mode, in help order. Keys are unique across the table (tested). */
export const bindings: ReadonlyArray<Binding> = [
	{
		command: 'up',
		chords: [char('k'), special('upArrow', '↑')],
		label: 'Up',
		description: 'Move the cursor or scroll up one line',
		section: 'Navigation',
		screens: [...lists, ...texts],
	},
	{
		command: 'down',
		chords: [char('j'), special('downArrow', '↓')],
		label: 'Down',
		description: 'Move the cursor or scroll down one line',
		section: 'Navigation',
		screens: [...lists, ...texts],
	},
	{
		command: 'top',
		chords: [char('g'), special('home', 'Home')],
		label: 'Top',
		description: 'Jump to the first line',
		section: 'Navigation',
		screens: [...lists, ...texts],
	},
	{
		command: 'bottom',
		chords: [char('G'), special('end', 'End')],
		label: 'Bottom',
		description: 'Jump to the last line (logs: follow again)',
		section: 'Navigation',
		screens: [...lists, ...texts],
	},
	{
		command: 'pageUp',
		chords: [special('pageUp', 'PgUp'), ctrl('u')],
		label: 'Page up',
		description: 'Scroll up one page',
		section: 'Navigation',
		screens: [...lists, ...texts],
	},
	{
		command: 'pageDown',
		chords: [special('pageDown', 'PgDn'), ctrl('d')],
		label: 'Page down',
		description: 'Scroll down one page',
		section: 'Navigation',
		screens: [...lists, ...texts],
	},
	{
		command: 'open',
		chords: [special('return', 'enter')],
		label: 'Open',
		description: 'Drill into the app or object under the cursor',
		section: 'Navigation',
		screens: ['apps', 'app', 'timeline'],
	},
	{
		command: 'back',
		chords: [special('escape', 'esc')],
		label: 'Back',
		description: 'Clear the filter, or go back one screen',
		section: 'Navigation',
		screens: 'all',
	},
	{
		command: 'filter',
		chords: [char('/')],
		label: 'Filter',
		description: 'Filter rows by name, kind or status',
		section: 'Navigation',
		screens: ['apps', 'app', 'timeline'],
	},
	{
		command: 'command',
		chords: [char(':')],
		label: 'Command',
		description: 'Command mode (:apps, :app NAME, :ctx NAME, :q)',
		section: 'Navigation',
		screens: 'all',
	},
	{command: 'help', chords: [char('?')], label: 'Help', description: 'Show or hide this help', section: 'Navigation', screens: 'all'},
	{
		command: 'quit',
		chords: [char('q'), ctrl('c')],
		label: 'Quit',
		description: 'Leave driftwatch (the terminal is restored)',
		section: 'Navigation',
		screens: 'all',
	},
	{
		command: 'diff',
		chords: [char('d')],
		label: 'Diff',
		description: 'Diff of the selected object, or of the whole app',
		section: 'Views',
		screens: ['apps', 'app', 'timeline'],
	},
	{
		command: 'timeline',
		chords: [char('t')],
		label: 'Timeline',
		description: "The app's events, newest first",
		section: 'Views',
		screens: anyApp,
	},
	{
		command: 'history',
		chords: [char('h')],
		label: 'History',
		description: 'Git commits of the source path and the sync history',
		section: 'Views',
		screens: anyApp,
	},
	{
		command: 'logs',
		chords: [char('l')],
		label: 'Logs',
		description: "Follow a pod's logs (from a pod or an unhealthy workload)",
		section: 'Views',
		screens: ['app'],
	},
	{
		command: 'liveYaml',
		chords: [char('y')],
		label: 'Live YAML',
		description: 'The live object as YAML',
		section: 'Views',
		screens: ['app'],
	},
	{
		command: 'select',
		chords: [char(' ', 'space')],
		label: 'Select',
		description: 'Pick objects for a partial sync',
		section: 'Views',
		screens: ['app'],
	},
	{
		command: 'toggleDiffMode',
		chords: [char('f')],
		label: 'Full/compact',
		description: 'Switch the diff between context lines and the whole object',
		section: 'Views',
		screens: ['diff'],
	},
	{
		command: 'nextContainer',
		chords: [char('c')],
		label: 'Container',
		description: 'Show the next container of the pod',
		section: 'Views',
		screens: ['logs'],
	},
	{
		command: 'previousLogs',
		chords: [char('p')],
		label: 'Previous run',
		description: "Show the previous run's log (what crashed)",
		section: 'Views',
		screens: ['logs'],
	},
	{
		command: 'nextPane',
		chords: [special('tab', 'tab')],
		label: 'Switch list',
		description: 'Switch between Git commits and sync history',
		section: 'Views',
		screens: ['history'],
	},
	{
		command: 'lab',
		chords: [char('L')],
		label: 'Lab',
		description: "The lab's exercises: what to do and what to expect",
		section: 'Views',
		screens: 'all',
		labOnly: true,
	},
	{
		command: 'runStep',
		chords: [char('x')],
		label: 'Do the step',
		description: "Make the selected exercise's next step for you, as lab-user",
		section: 'Actions',
		screens: ['lab'],
		labOnly: true,
	},
	{
		command: 'sync',
		chords: [char('s')],
		label: 'Sync',
		description: 'Sync the selected objects, or the whole app',
		section: 'Actions',
		screens: anyApp,
		guard: 'sync',
	},
	{
		command: 'revert',
		chords: [char('R')],
		label: 'Revert/rollback',
		description: 'Revert the selected commit, or roll back to the selected sync',
		section: 'Actions',
		screens: anyApp,
		guard: 'revert',
	},
	{
		command: 'toggleSelfHeal',
		chords: [char('H')],
		label: 'Self-heal',
		description: 'Turn self-heal on or off',
		section: 'Actions',
		screens: anyApp,
		guard: 'policy',
	},
	{
		command: 'toggleAutoSync',
		chords: [char('A')],
		label: 'Auto-sync',
		description: 'Turn auto-sync on or off',
		section: 'Actions',
		screens: anyApp,
		guard: 'policy',
	},
	{
		command: 'togglePrune',
		chords: [char('P')],
		label: 'Prune',
		description: 'Turn pruning on or off',
		section: 'Actions',
		screens: anyApp,
		guard: 'prune',
	},
	{
		command: 'keep',
		chords: [char('K')],
		label: 'Keep',
		description: 'Keep a live change: commit its values to Git',
		section: 'Actions',
		screens: ['app', 'diff'],
		guard: 'write',
	},
	{
		command: 'setImage',
		chords: [char('I')],
		label: 'Set image',
		description: "Set a workload's image in Git (:set-image)",
		section: 'Actions',
		screens: ['app'],
		guard: 'write',
	},
	{
		command: 'promoteEnvironment',
		chords: [char('E')],
		label: 'Promote',
		description: 'Promote images between environments (:promote)',
		section: 'Actions',
		screens: ['app'],
		guard: 'write',
	},
	{
		command: 'refresh',
		chords: [char('r')],
		label: 'Refresh',
		description: 'Fetch Git and relist the cluster now',
		section: 'Actions',
		screens: 'all',
	},
];

/** The bindings in force: the lab's only in `driftwatch lab`. */
export function activeBindings(lab: boolean): ReadonlyArray<Binding> {
	return lab ? bindings : bindings.filter(binding => !binding.labOnly);
}

/** The confirmation dialog's keys. */
export const confirmBindings: ReadonlyArray<Binding<ModalCommandId>> = [
	{
		command: 'confirm',
		chords: [char('y'), special('return', 'enter')],
		label: 'Confirm',
		description: 'Run the action as planned',
		section: 'Actions',
		screens: 'all',
	},
	{
		command: 'cancel',
		chords: [char('n'), special('escape', 'esc')],
		label: 'Cancel',
		description: 'Close the plan without changing anything',
		section: 'Actions',
		screens: 'all',
	},
	{
		command: 'scrollDown',
		chords: [char('j'), special('downArrow', '↓')],
		label: 'Scroll down',
		description: 'Scroll a long plan (a file diff) down one line',
		section: 'Actions',
		screens: 'all',
	},
	{
		command: 'scrollUp',
		chords: [char('k'), special('upArrow', '↑')],
		label: 'Scroll up',
		description: 'Scroll a long plan up one line',
		section: 'Actions',
		screens: 'all',
	},
	{
		command: 'scrollPageDown',
		chords: [special('pageDown', 'PgDn'), char(' ', 'space')],
		label: 'Page down',
		description: 'Scroll a long plan down one page',
		section: 'Actions',
		screens: 'all',
	},
	{
		command: 'scrollPageUp',
		chords: [special('pageUp', 'PgUp')],
		label: 'Page up',
		description: 'Scroll a long plan up one page',
		section: 'Actions',
		screens: 'all',
	},
];

/** Keys that work in every mode, even with a dialog or a prompt open. */
export const interruptBindings: ReadonlyArray<Binding<'quit'>> = [
	{
		command: 'quit',
		chords: [ctrl('c')],
		label: 'Quit',
		description: 'Leave driftwatch from anywhere, even a dialog or a prompt',
		section: 'Navigation',
		screens: 'all',
	},
];

/** The `/` filter and `:` command prompts' keys (other characters are typed into the prompt). */
export const promptBindings: ReadonlyArray<Binding<ModalCommandId>> = [
	{
		command: 'submit',
		chords: [special('return', 'enter')],
		label: 'Submit',
		description: 'Keep the filter, or run the command',
		section: 'Navigation',
		screens: 'all',
	},
	{
		command: 'cancel',
		chords: [special('escape', 'esc')],
		label: 'Cancel',
		description: 'Clear the filter, or drop the command',
		section: 'Navigation',
		screens: 'all',
	},
	{
		command: 'erase',
		chords: [special('backspace', 'backspace'), special('delete', 'del')],
		label: 'Erase',
		description: 'Delete the last character',
		section: 'Navigation',
		screens: 'all',
	},
];

function matches(chord: KeyChord, input: string, key: Key): boolean {
	if (Boolean(chord.ctrl) !== key.ctrl) return false;
	if (chord.key !== undefined) return key[chord.key];
	return chord.input === input;
}

/** The command bound to a key press, if any. */
export function resolveKey<Id extends string>(table: ReadonlyArray<Binding<Id>>, input: string, key: Key): Id | undefined {
	return table.find(binding => binding.chords.some(chord => matches(chord, input, key)))?.command;
}

/** The binding of a command (for labels in hints and messages). */
export function bindingOf(command: CommandId): Binding {
	const binding = bindings.find(candidate => candidate.command === command);
	if (!binding) throw new Error(`no binding for ${command}`);
	return binding;
}

/** 'j/↓' — how hints and help print a binding's keys. */
export function keysLabel(binding: Binding<string>): string {
	return binding.chords.map(chord => chord.label).join('/');
}

/** Whether a command does something on a screen. */
export function appliesTo(binding: Binding<string>, screen: ScreenName): boolean {
	return binding.screens === 'all' || binding.screens.includes(screen);
}

/** A `:` command as help lists it. */
export interface ColonCommandSpec {
	usage: string;
	description: string;
	/** Only in `driftwatch lab`. */
	labOnly?: boolean;
}

/** The `:` commands, in help order. */
export const colonCommands: ReadonlyArray<ColonCommandSpec> = [
	{usage: ':apps', description: 'Back to the list of apps'},
	{usage: ':app NAME', description: 'Open an app'},
	{usage: ':ctx NAME', description: 'Show only apps deployed to a kubeconfig context (:ctx alone shows all)'},
	{usage: ':refresh hard', description: 'Refresh; in Argo CD mode also ask Argo CD to read Git again (a hard refresh)'},
	{usage: ':set-image [KIND/NAME] C=IMAGE:TAG', description: 'Set container images in Git (commit, push)'},
	{usage: ':promote FROM TO', description: "Environment TO gets FROM's images (one commit)"},
	{usage: ':lab', description: "The lab's exercises (as L)", labOnly: true},
	{usage: ':help', description: 'Show the help'},
	{usage: ':q', description: 'Quit (also :quit)'},
];

/** A parsed `:` command. */
export type ColonCommand =
	| {kind: 'apps'}
	| {kind: 'app'; name: string}
	| {kind: 'ctx'; name: string | null}
	| {kind: 'refresh'; hard: boolean}
	| {kind: 'help'}
	| {kind: 'lab'}
	| {kind: 'quit'}
	| {kind: 'set-image'; resource: string | undefined; assignments: string[]}
	| {kind: 'promote'; from: string; to: string}
	| {kind: 'unknown'; text: string};

/** Parses what was typed after ':'. */
export function parseColonCommand(text: string): ColonCommand {
	const [verb = '', ...rest] = text.trim().split(/\s+/);
	const argument = rest.join(' ');
	switch (verb) {
		case 'apps':
			return {kind: 'apps'};
		case 'app':
			return argument ? {kind: 'app', name: argument} : {kind: 'apps'};
		case 'ctx':
		case 'context':
			return {kind: 'ctx', name: argument || null};
		case 'refresh':
			return argument === '' || argument === 'hard' ? {kind: 'refresh', hard: argument === 'hard'} : {kind: 'unknown', text: text.trim()};
		case 'help':
			return {kind: 'help'};
		case 'set-image': {
			const resource = rest[0]?.includes('/') && !rest[0].includes('=') ? rest[0] : undefined;
			return {kind: 'set-image', resource, assignments: resource ? rest.slice(1) : rest};
		}
		case 'promote':
			return {kind: 'promote', from: rest[0] ?? '', to: rest[1] ?? ''};
		case 'lab':
			return {kind: 'lab'};
		case 'q':
		case 'q!':
		case 'quit':
			return {kind: 'quit'};
		default:
			return {kind: 'unknown', text: text.trim()};
	}
}
