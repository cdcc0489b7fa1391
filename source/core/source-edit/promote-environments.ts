/**
 * Which sources `promote --from ENV --to ENV` means. With Application manifests, an environment is
 * an Application: named ENV exactly, or ending in `-ENV` (web-dev, web-prod). With --repo flags, an
 * environment is a directory under --path (Kustomize overlays: overlays/dev) or, when --path is a
 * Helm chart, a value file of the chart (values-dev.yaml). Pure.
 */
import type {AppDefinition, AppSource} from '../app-definition.js';
import {normalizeGitUrl} from '../project-limits.js';
import {editRefused} from './edit-types.js';
import {joinRepoPath} from './repo-path.js';

/**
 * The Application `env` names among `apps`.
 *
 * @throws DriftwatchError 'edit-refused' when none or several match.
 */
export function environmentApp<App extends Pick<AppDefinition, 'name'>>(apps: readonly App[], env: string): App {
	const exact = apps.filter(app => app.name === env);
	const suffixed = apps.filter(app => app.name.endsWith(`-${env}`));
	const matches = exact.length > 0 ? exact : suffixed;
	const [only, second] = matches;
	const names = apps.map(app => app.name).join(', ');
	if (!only) throw editRefused(`no Application is environment "${env}" (named ${env} or *-${env}; apps: ${names})`);
	if (second) throw editRefused(`"${env}" matches several Applications (${matches.map(app => app.name).join(', ')}); name one exactly`);
	return only;
}

/**
 * The environments Application `app` is one of: when it is named NAME-ENV, the ENV of every app
 * named NAME-ENV2 that `environmentApp` resolves back to that app, `app`'s own first; else none.
 */
export function siblingEnvironments(apps: ReadonlyArray<Pick<AppDefinition, 'name'>>, app: string): string[] {
	const dash = app.lastIndexOf('-');
	if (dash <= 0 || dash === app.length - 1) return [];
	const family = app.slice(0, dash + 1);
	const own = app.slice(dash + 1);
	const others = apps
		.map(candidate => candidate.name)
		.filter(name => name !== app && name.startsWith(family) && !name.slice(family.length).includes('-') && name.length > family.length)
		.map(name => name.slice(family.length));
	return [own, ...others].filter(env => resolvesTo(apps, env, family + env));
}

/** The usual path of a change, first to last; environments named otherwise have no known place. */
const promotionPath = ['dev', 'development', 'test', 'qa', 'uat', 'stage', 'staging', 'preprod', 'canary', 'prod', 'production', 'stable'];

/**
 * The direction to propose for two environments: along the usual path when both are on it (dev to
 * prod, canary to stable, whichever app the user stands on), else from `own` to `other`.
 */
export function promotionDirection(own: string, other: string): {from: string; to: string} {
	const ownPlace = promotionPath.indexOf(own.toLowerCase());
	const otherPlace = promotionPath.indexOf(other.toLowerCase());
	if (ownPlace >= 0 && otherPlace >= 0 && otherPlace < ownPlace) return {from: other, to: own};
	return {from: own, to: other};
}

function resolvesTo(apps: ReadonlyArray<Pick<AppDefinition, 'name'>>, env: string, name: string): boolean {
	try {
		return environmentApp(apps, env).name === name;
	} catch {
		return false;
	}
}

/**
 * Refuses two sources that one commit cannot change together.
 *
 * @throws DriftwatchError 'edit-refused'.
 */
export function requireSameBranch(from: AppSource, to: AppSource): void {
	if (from.repoURL !== to.repoURL && normalizeGitUrl(from.repoURL) !== normalizeGitUrl(to.repoURL)) {
		throw editRefused(`the environments are in different repositories (${from.repoURL}, ${to.repoURL}); promote writes one commit`);
	}
	if (from.targetRevision !== to.targetRevision) {
		throw editRefused(
			`the environments follow different revisions (${from.targetRevision}, ${to.targetRevision}); promote writes one commit`,
		);
	}
}

/**
 * The source of environment `env` when the app comes from flags: a value file of the chart at
 * `base.path` when `chart` is true, else a directory under `base.path`.
 *
 * @throws DriftwatchError 'edit-refused' when `env` leaves the repository.
 */
export function environmentSource(base: AppSource, env: string, chart: boolean): AppSource {
	const path = joinRepoPath(base.path, env);
	if (path === undefined || path === '' || env.startsWith('-')) throw editRefused(`"${env}" is not a path inside the repository`);
	if (chart) return {...base, helm: {...base.helm, valueFiles: [...(base.helm?.valueFiles ?? []), env]}};
	return {...base, path};
}
