/**
 * A SourceWorkspace over a FakeGit commit's files, for the engine's source-edit tests: a plain
 * directory source whose render parses the YAML files, so the real planners (plain YAML, in place)
 * run on text exactly as they do on disk.
 */
import {parseAllDocuments} from 'yaml';
import type {KubeObject} from '../../../../source/core/kube-object.js';
import type {OpenWorkspace, SourceWorkspace} from '../../../../source/ports/source-edit.js';
import type {FakeGit} from './fake-ports.js';

/** Opens workspaces over the commits of `git` (a checkout's dir names its commit). */
export function fakeWorkspaces(git: FakeGit): OpenWorkspace & {opened: number} {
	const open = ({root, source, namespace}: Parameters<OpenWorkspace>[0]): Promise<SourceWorkspace> => {
		open.opened++;
		const sha = root.slice(root.lastIndexOf('/') + 1);
		const files = git.files.get(sha) ?? new Map<string, string>();
		return Promise.resolve({
			source,
			kind: 'directory',
			namespace,
			read: file => Promise.resolve(files.get(file)),
			render: (replaced = new Map()) => {
				const paths = [...new Set([...files.keys(), ...replaced.keys()])].sort();
				const objects = paths.flatMap(file =>
					parseAllDocuments(replaced.get(file) ?? files.get(file) ?? '').map(document => document.toJS() as KubeObject),
				);
				return Promise.resolve({objects, files: paths});
			},
		});
	};
	open.opened = 0;
	return open;
}
