/** Where actions are recorded (source/audit/audit-log.ts implements it). */
import type {AuditEntry} from '../core/audit-entry.js';

export interface AuditPort {
	/** Rejects when the entry cannot be written (the engine reports that on the timeline). */
	record(entry: AuditEntry): Promise<void>;
}
