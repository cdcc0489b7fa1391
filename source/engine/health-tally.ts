/**
 * The app's health, kept as objects are reassessed: the children each object contributes (itself
 * and its Degraded pods) are tallied by health status, so a watch event updates the tally for the
 * objects it touched instead of aggregating every object again. Same rules as
 * core/health/app-health.ts (worst child wins; all counted children missing makes the app Missing;
 * the message names the worst children).
 */
import {type AppHealthChild, causedBy, healthOf, isMissing} from '../core/health/index.js';
import {displayKey, healthOrder, type HealthStatus, type HealthStatusCode, keyString} from '../core/kube-object.js';

interface Tallied {
	status: HealthStatusCode | null;
	missing: boolean;
	name: string;
	message: string;
}

export class HealthTally {
	private readonly byObject = new Map<string, Map<string, Tallied>>();
	private readonly byStatus = new Map<HealthStatusCode, Map<string, Tallied>>(healthOrder.map(status => [status, new Map()]));
	private counted = 0;
	private missing = 0;

	/** Sets what the object `key` contributes (replacing what it did); no children removes it. */
	set(key: string, children: readonly AppHealthChild[]): void {
		for (const [id, entry] of this.byObject.get(key) ?? []) this.drop(id, entry);
		if (children.length === 0) {
			this.byObject.delete(key);
			return;
		}
		const entries = new Map<string, Tallied>();
		for (const child of children) {
			if (child.hook === true || child.ignoreHealthcheck === true) continue;
			const health = healthOf(child);
			const entry = {
				status: health?.status ?? null,
				missing: isMissing(child),
				name: displayKey(child.key),
				message: health?.message ?? '',
			};
			const id = `${key}|${keyString(child.key)}`;
			entries.set(id, entry);
			this.counted++;
			if (entry.missing) this.missing++;
			if (entry.status) this.byStatus.get(entry.status)?.set(id, entry);
		}
		this.byObject.set(key, entries);
	}

	/** The app's health now. */
	health(): HealthStatus {
		let status: HealthStatusCode = 'Healthy';
		for (const code of healthOrder) if ((this.byStatus.get(code)?.size ?? 0) > 0) status = code;
		if (this.counted > 0 && this.missing === this.counted && healthOrder.indexOf(status) < healthOrder.indexOf('Missing'))
			status = 'Missing';
		if (status === 'Healthy') return {status, message: ''};
		const worst = [...(this.byStatus.get(status)?.values() ?? [])]
			.map(entry => ({name: entry.name, message: entry.message}))
			.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		return {status, message: causedBy(worst)};
	}

	private drop(id: string, entry: Tallied): void {
		this.counted--;
		if (entry.missing) this.missing--;
		if (entry.status) this.byStatus.get(entry.status)?.delete(id);
	}
}
