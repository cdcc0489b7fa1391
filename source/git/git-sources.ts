/** One GitSource per repoURL, shared by every app that uses the repository (one clone, one fetch). */
import {GitSource} from './git-source.js';

export function gitSources(options: {cacheRoot?: string} = {}): (repoURL: string) => GitSource {
	const sources = new Map<string, GitSource>();
	return repoURL => {
		let source = sources.get(repoURL);
		if (!source) {
			source = new GitSource({repo: repoURL, ...(options.cacheRoot ? {cacheRoot: options.cacheRoot} : {})});
			sources.set(repoURL, source);
		}
		return source;
	};
}
