/** What a push tells the engine. */
export interface PushEvent {
	/** Every URL the repository is known by (clone, SSH, web), to match against app sources. */
	repoURLs: string[];
	/** The pushed ref, e.g. 'refs/heads/main'. */
	ref: string;
	/** The commit SHA the ref now points at. */
	after: string;
}
