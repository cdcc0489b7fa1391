/**
 * CronJob (batch/v1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {isObjectAt, isTrueAt, listAt, stringAt} from './json-fields.js';

/** Orders two RFC 3339 times; falls back to text order, which holds for the UTC 'Z' form. */
function isBefore(earlier: string, later: string): boolean {
	const a = Date.parse(earlier);
	const b = Date.parse(later);
	return Number.isNaN(a) || Number.isNaN(b) ? earlier < later : a < b;
}

/**
 * Health of a CronJob. A schedule that has not run, or never succeeded yet, is Healthy:
 * the status cannot tell "not yet" from "never".
 */
export function cronJobHealth(cronJob: KubeObject): HealthStatus {
	if (isTrueAt(cronJob, 'spec', 'suspend')) {
		return {status: 'Healthy', message: 'CronJob is Suspended'};
	}
	if (!isObjectAt(cronJob, 'status')) {
		return {status: 'Progressing', message: 'Waiting for CronJob'};
	}
	const lastSchedule = stringAt(cronJob, 'status', 'lastScheduleTime');
	if (!lastSchedule) {
		return {status: 'Healthy', message: 'CronJob has not been scheduled yet'};
	}
	const lastSuccess = stringAt(cronJob, 'status', 'lastSuccessfulTime');
	if (!lastSuccess) {
		return {status: 'Healthy', message: 'The CronJob never completed successfully. It may not be healthy'};
	}
	// While a job runs, the last schedule is always newer than the last success.
	if (listAt(cronJob, 'status', 'active').length > 0) {
		return {status: 'Healthy', message: 'The job is running. Its last execution may not have been successful'};
	}
	if (isBefore(lastSuccess, lastSchedule)) {
		return {status: 'Degraded', message: 'CronJob has not completed its last execution successfully'};
	}
	return {status: 'Healthy', message: 'CronJob has completed its last execution successfully'};
}
