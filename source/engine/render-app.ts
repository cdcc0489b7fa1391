/**
 * Desired state of one app: every source resolved to a commit (once per poll), then each checked
 * out and rendered by the real tool. A failure anywhere fails the whole render: a partial set of
 * manifests would make driftwatch report (or prune!) objects that Git still wants.
 */
import type {AppDefinition, AppSource} from '../core/app-definition.js';
import type {RevisionInfo} from '../core/app-status.js';
import type {KubeObject} from '../core/kube-object.js';
import type {GitPorts} from '../ports/git.js';
import type {RenderPort} from '../ports/render.js';

export interface RenderedApp {
	objects: KubeObject[];
	notices: string[];
}

/** Each source's target revision as a commit; `fetch` brings remotes up to date first. */
export async function resolveRevisions(
	sources: readonly AppSource[],
	git: GitPorts,
	options: {fetch?: boolean} = {},
): Promise<RevisionInfo[]> {
	const revisions: RevisionInfo[] = [];
	for (const source of sources) {
		const repository = git(source.repoURL);
		await repository.prepare();
		if (options.fetch && repository.isRemote) await repository.fetch();
		const commit = await repository.resolve(source.targetRevision);
		revisions.push({
			repoURL: source.repoURL,
			path: source.path,
			targetRevision: source.targetRevision,
			sha: commit.sha,
			shortSha: commit.shortSha,
			subject: commit.subject,
			author: commit.author,
			date: commit.date,
		});
	}
	return revisions;
}

/** Renders each source at its resolved revision (`revisions[i]` for `app.sources[i]`). */
export async function renderRevisions(
	app: AppDefinition,
	revisions: readonly RevisionInfo[],
	deps: {git: GitPorts; render: RenderPort},
): Promise<RenderedApp> {
	const objects: KubeObject[] = [];
	const notices: string[] = [];
	for (const [index, source] of app.sources.entries()) {
		const revision = revisions[index];
		if (!revision) throw new Error(`no revision resolved for source ${index + 1} of ${app.name}`);
		const checkout = await deps.git(source.repoURL).checkout(revision.sha);
		try {
			const rendered = await deps.render(checkout.dir, source, app.destination.namespace, app.name);
			objects.push(...rendered.objects);
			notices.push(...rendered.notices);
		} finally {
			await checkout.dispose();
		}
	}
	return {objects, notices};
}
