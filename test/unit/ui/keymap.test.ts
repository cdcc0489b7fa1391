import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {
	type CommandId,
	activeBindings,
	bindings,
	colonCommands,
	confirmBindings,
	interruptBindings,
	keysLabel,
	parseColonCommand,
	promptBindings,
	resolveKey,
} from '../../../source/ui/keymap.js';
import {helpLines} from '../../../source/ui/help-lines.js';
import {fixtureSnapshot} from '../../../fixtures/ui/apps.js';

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

function chordId(chord: {input?: string; key?: string; ctrl?: boolean}): string {
	return `${chord.ctrl ? 'ctrl+' : ''}${chord.key ?? chord.input ?? ''}`;
}

describe('keymap', () => {
	it('binds every key to one command only', () => {
		const seen = new Map<string, string>();
		for (const binding of bindings) {
			for (const chord of binding.chords) {
				const id = chordId(chord);
				expect(seen.get(id), `${id} is bound twice`).toBeUndefined();
				seen.set(id, binding.command);
			}
		}
	});

	it('labels and describes every binding', () => {
		for (const binding of [...bindings, ...interruptBindings, ...confirmBindings, ...promptBindings]) {
			expect(binding.label.length).toBeGreaterThan(0);
			expect(binding.description.length).toBeGreaterThan(0);
			expect(binding.chords.length).toBeGreaterThan(0);
		}
	});

	it.each<[string, Partial<Key>, CommandId | undefined]>([
		['j', {}, 'down'],
		['', {downArrow: true}, 'down'],
		['k', {}, 'up'],
		['', {upArrow: true}, 'up'],
		['g', {}, 'top'],
		['G', {shift: true}, 'bottom'],
		['', {pageDown: true}, 'pageDown'],
		['', {pageUp: true}, 'pageUp'],
		['d', {ctrl: true}, 'pageDown'],
		['', {return: true}, 'open'],
		['', {escape: true, meta: true}, 'back'],
		['/', {}, 'filter'],
		[':', {}, 'command'],
		['?', {}, 'help'],
		['d', {}, 'diff'],
		['s', {}, 'sync'],
		['H', {shift: true}, 'toggleSelfHeal'],
		['A', {shift: true}, 'toggleAutoSync'],
		['P', {shift: true}, 'togglePrune'],
		['R', {shift: true}, 'revert'],
		['r', {}, 'refresh'],
		['l', {}, 'logs'],
		['y', {}, 'liveYaml'],
		['q', {}, 'quit'],
		['c', {ctrl: true}, 'quit'],
		['c', {}, 'nextContainer'],
		['x', {}, 'runStep'],
		['L', {shift: true}, 'lab'],
		['z', {}, undefined],
	])('resolves %j %j to %s', (input, key, command) => {
		expect(resolveKey(bindings, input, {...noKey, ...key})).toBe(command);
	});

	it("binds the lab's keys only in `driftwatch lab`", () => {
		expect(resolveKey(activeBindings(false), 'x', noKey)).toBeUndefined();
		expect(resolveKey(activeBindings(false), 'L', {...noKey, shift: true})).toBeUndefined();
		expect(resolveKey(activeBindings(true), 'x', noKey)).toBe('runStep');
	});

	it('has separate dialog and prompt keys', () => {
		expect(resolveKey(confirmBindings, 'y', noKey)).toBe('confirm');
		expect(resolveKey(confirmBindings, '', {...noKey, escape: true})).toBe('cancel');
		expect(resolveKey(promptBindings, '', {...noKey, backspace: true})).toBe('erase');
		expect(resolveKey(promptBindings, '', {...noKey, return: true})).toBe('submit');
	});

	it.each([
		['apps', {kind: 'apps'}],
		['app web', {kind: 'app', name: 'web'}],
		['  app   web  ', {kind: 'app', name: 'web'}],
		['ctx prod', {kind: 'ctx', name: 'prod'}],
		['ctx', {kind: 'ctx', name: null}],
		['q', {kind: 'quit'}],
		['quit', {kind: 'quit'}],
		['help', {kind: 'help'}],
		['lab', {kind: 'lab'}],
		['frobnicate', {kind: 'unknown', text: 'frobnicate'}],
	])('parses :%s', (text, command) => {
		expect(parseColonCommand(text)).toEqual(command);
	});

	it('generates help listing every binding, dialog and prompt key, and command', () => {
		const help = helpLines(fixtureSnapshot(), undefined, true)
			.map(line => line.text)
			.join('\n');
		for (const binding of [...bindings, ...interruptBindings, ...confirmBindings, ...promptBindings]) {
			expect(help).toContain(keysLabel(binding));
			expect(help).toContain(binding.description);
		}
		for (const command of colonCommands) expect(help).toContain(command.usage);
	});

	it("leaves the lab's keys and :lab out of help outside `driftwatch lab`", () => {
		const help = helpLines(fixtureSnapshot(), undefined)
			.map(line => line.text)
			.join('\n');
		const lab = bindings.filter(binding => binding.labOnly);
		expect(lab.map(binding => binding.command)).toEqual(['lab', 'runStep']);
		for (const binding of lab) expect(help).not.toContain(binding.description);
		for (const binding of bindings.filter(candidate => !candidate.labOnly)) expect(help).toContain(binding.description);
		expect(help).not.toContain(':lab');
	});

	it('says in help why actions are unavailable in read-only mode', () => {
		const snapshot = fixtureSnapshot(undefined, {readOnly: true});
		const help = helpLines(snapshot, snapshot.apps[1]).map(line => line.text);
		const guarded = bindings.filter(binding => binding.guard);
		expect(help.filter(line => line.includes('unavailable: driftwatch runs in read-only mode'))).toHaveLength(guarded.length);
	});
});
