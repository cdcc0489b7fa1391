/**
 * Argo CD's timing settings, as a user sets them: keys of `argocd-cm` and `argocd-cmd-params-cm`.
 * In a cluster, Argo CD's Deployments turn those keys into environment variables of the controller
 * and the repo server (manifests/core-install.yaml, `configMapKeyRef`); local processes do not read
 * the config maps, so the runner hands them the same variables. Two profiles: `shipped` (nothing
 * set: Argo CD's defaults) and `fast` (tuned for speed, as a user who wants quick feedback would).
 */

export type ArgoCdProfile = 'fast' | 'shipped';

/** One setting: where a user writes it, and the variable Argo CD's manifests map it to. */
interface Setting {
	configMap: 'argocd-cm' | 'argocd-cmd-params-cm';
	key: string;
	variable: string;
	component: 'controller' | 'repo-server' | 'both';
}

const settings = {
	reconciliation: {configMap: 'argocd-cm', key: 'timeout.reconciliation', variable: 'ARGOCD_RECONCILIATION_TIMEOUT', component: 'both'},
	jitter: {configMap: 'argocd-cm', key: 'timeout.reconciliation.jitter', variable: 'ARGOCD_RECONCILIATION_JITTER', component: 'controller'},
	selfHealBackoff: {
		configMap: 'argocd-cmd-params-cm',
		key: 'controller.self.heal.backoff.timeout.seconds',
		variable: 'ARGOCD_APPLICATION_CONTROLLER_SELF_HEAL_BACKOFF_TIMEOUT_SECONDS',
		component: 'controller',
	},
} satisfies Record<string, Setting>;

/**
 * The values per profile. `shipped` sets nothing: Argo CD v3.2 then polls Git every 120 s plus up
 * to 60 s of jitter, caches a resolved revision for 3 minutes, heals at once the first time and then
 * backs off 2 s x3 up to 300 s. `fast`: poll every 5 s without jitter (the revision cache follows
 * timeout.reconciliation), and a 1 s self-heal backoff.
 */
const profiles: Record<ArgoCdProfile, Partial<Record<keyof typeof settings, string>>> = {
	shipped: {},
	fast: {reconciliation: '5s', jitter: '0s', selfHealBackoff: '1'},
};

export interface ProfileSettings {
	/** What goes into each config map (for the record: the local processes read the variables). */
	configMaps: Record<'argocd-cm' | 'argocd-cmd-params-cm', Record<string, string>>;
	controllerEnv: Record<string, string>;
	repoServerEnv: Record<string, string>;
}

export function profileSettings(profile: ArgoCdProfile): ProfileSettings {
	const result: ProfileSettings = {configMaps: {'argocd-cm': {}, 'argocd-cmd-params-cm': {}}, controllerEnv: {}, repoServerEnv: {}};
	for (const [name, value] of Object.entries(profiles[profile])) {
		const setting: Setting = settings[name as keyof typeof settings];
		result.configMaps[setting.configMap][setting.key] = value;
		if (setting.component !== 'repo-server') result.controllerEnv[setting.variable] = value;
		if (setting.component !== 'controller') result.repoServerEnv[setting.variable] = value;
	}
	return result;
}
