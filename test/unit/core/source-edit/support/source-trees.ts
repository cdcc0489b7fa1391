/**
 * Source trees for the planner tests: a fixture of fixtures/source-edit copied into a temp
 * directory (the repository root), and the real SourceWorkspace over it, so plans are checked with
 * the real renderers (kubectl kustomize, helm template).
 */
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {AppSource} from '../../../../../source/core/app-definition.js';
import type {SourceWorkspace} from '../../../../../source/core/source-edit/source-workspace.js';
import {openSourceWorkspace} from '../../../../../source/render/source-workspace.js';

export const sourceEditFixtures = fileURLToPath(new URL('../../../../../fixtures/source-edit/', import.meta.url));

const created: string[] = [];

export interface SourceTree {
	root: string;
	read(file: string): string;
	write(file: string, text: string): void;
	/** The fixture's text of `file` (relative to fixtures/source-edit). */
	fixture(file: string): string;
	workspace(source: Partial<AppSource> & {path: string}, namespace?: string, appName?: string): Promise<SourceWorkspace>;
}

/** fixtures/source-edit copied into a fresh temporary repository root. */
export function sourceTree(): SourceTree {
	const root = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-edit-tree-'));
	created.push(root);
	cpSync(sourceEditFixtures, root, {recursive: true});
	return {
		root,
		read: file => readFileSync(path.join(root, file), 'utf8'),
		write: (file, text) => writeFileSync(path.join(root, file), text),
		fixture: file => readFileSync(path.join(sourceEditFixtures, file), 'utf8'),
		workspace: (source, namespace = 'prod', appName = 'shop') =>
			openSourceWorkspace({root, source: {repoURL: 'file:///repo', targetRevision: 'HEAD', ...source}, namespace, appName}),
	};
}

export function removeSourceTrees(): void {
	for (const root of created.splice(0)) rmSync(root, {recursive: true, force: true});
}
