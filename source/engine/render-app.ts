/**
 * Desired state of one app: every source resolved to a commit, checked out, and rendered by the
 * real tool. A failure anywhere fails the whole render: a partial set of manifests would make
 * driftwatch report (or prune!) objects that Git still wants.
 */
import type {AppDefinition} from '../core/app-definition.js';
import type {RevisionInfo} from '../core/app-status.js';
import type {KubeObject} from '../core/kube-object.js';
import type {GitPort} from '../ports/git.js';
import type {RenderPort} from '../ports/render.js';

export interface RenderedApp {
	objects: KubeObject[];
	revisions: RevisionInfo[];
	notices: string[];
}

export interface RenderDeps {
	git: (repoURL: string) => GitPort;
	render: RenderPort;
}

export async function renderApp(app: AppDefinition, deps: RenderDeps, options: {fetch?: boolean} = {}): Promise<RenderedApp> {
	const objects: KubeObject[] = [];
	const revisions: RevisionInfo[] = [];
	const notices: string[] = [];
	for (const source of app.sources) {
		const git = deps.git(source.repoURL);
		await git.prepare();
		if (options.fetch) await git.fetch();
		const commit = await git.resolve(source.targetRevision);
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
		const checkout = await git.checkout(commit.sha);
		try {
			const rendered = await deps.render(checkout.dir, source, app.destination.namespace, app.name);
			objects.push(...rendered.objects);
			notices.push(...rendered.notices);
		} finally {
			await checkout.dispose();
		}
	}
	return {objects, revisions, notices};
}
