/** One line of the audit log: who did (or was refused) what, on which app and revision. */

/** Known actions; other strings are allowed so new features need no change here. */
export type AuditAction =
	'sync' | 'prune' | 'heal' | 'revert' | 'rollback' | 'rollout-promote' | 'rollout-abort' | 'rollout-pause' | 'policy' | (string & {});

export type AuditResult = 'succeeded' | 'failed' | 'refused' | 'dry-run';

export interface AuditEntry {
	/** ISO time of the action. */
	time: string;
	/** The kubeconfig user that acted (ClusterPort.user). */
	user: string;
	/** The application name. */
	app: string;
	action: AuditAction;
	/** The Git revision involved, when there is one. */
	revision?: string;
	/** Objects touched, as display keys ('Deployment/demo/web'): names only, never bodies. */
	objects?: string[];
	result: AuditResult;
	/** What happened, in words; never object content. */
	message: string;
}
