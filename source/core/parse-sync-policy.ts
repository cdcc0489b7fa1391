/**
 * Reads Argo CD's `spec.syncPolicy`: automated sync, sync options and retry with backoff
 * durations. Shared by manifests and by `--sync-option` flags. Pure: no I/O.
 */
import {defaultSyncOptions, type SyncOptions, type SyncPolicy} from './app-definition.js';
import {type FieldReader, describeValue, joinField} from './manifest-fields.js';

/** Retry defaults from Argo CD, used for fields a `retry` block leaves out. */
export const defaultRetry = {limit: 5, durationMs: 5_000, factor: 2, maxDurationMs: 180_000} as const;

const booleanOptions = {
	CreateNamespace: 'createNamespace',
	ServerSideApply: 'serverSideApply',
	ApplyOutOfSyncOnly: 'applyOutOfSyncOnly',
	Replace: 'replace',
	PruneLast: 'pruneLast',
	Validate: 'validate',
} as const satisfies Record<string, keyof SyncOptions>;

const propagationPolicies = ['foreground', 'background', 'orphan'] as const;

// Real Argo CD options driftwatch does not act on: these get a "not supported" warning rather than
// an "unknown option" one, so users know the option is right but has no effect here.
const argoOnlyOptions = [
	'FailOnSharedResource',
	'RespectIgnoreDifferences',
	'SkipDryRunOnMissingResource',
	'Prune',
	'Delete',
	'ClientSideApplyMigration',
];

const knownOptionNames = [...Object.keys(booleanOptions), 'PrunePropagationPolicy', ...argoOnlyOptions];

/**
 * Parses sync options such as 'CreateNamespace=true'. Wrong values are errors; options driftwatch
 * does not know are kept in `raw` with a warning. `fieldOf(index)` names the field in messages.
 */
export function parseSyncOptions(entries: readonly string[], reader: FieldReader, fieldOf: (index: number) => string): SyncOptions {
	const options = defaultSyncOptions();
	entries.forEach((entry, index) => {
		const field = fieldOf(index);
		options.raw.push(entry);
		const equals = entry.indexOf('=');
		const key = equals === -1 ? entry : entry.slice(0, equals);
		const value = equals === -1 ? '' : entry.slice(equals + 1);
		if (key in booleanOptions) {
			const flag = parseOptionBoolean(value);
			if (flag === undefined) reader.fail(field, `${key} must be true or false, got ${JSON.stringify(entry)}`);
			else options[booleanOptions[key as keyof typeof booleanOptions]] = flag;
		} else if (key === 'PrunePropagationPolicy') {
			const policy = propagationPolicies.find(candidate => candidate === value);
			if (policy === undefined) {
				reader.fail(field, `PrunePropagationPolicy must be foreground, background or orphan, got ${JSON.stringify(entry)}`);
			} else {
				options.prunePropagationPolicy = policy;
			}
		} else if (argoOnlyOptions.includes(key)) {
			reader.warn(field, `${JSON.stringify(entry)} is not supported by driftwatch yet; kept but not acted on`);
		} else {
			const hint = knownOptionNames.find(name => name.toLowerCase() === key.toLowerCase());
			reader.warn(field, `unknown sync option ${JSON.stringify(entry)}; kept but not acted on${hint ? ` (did you mean ${hint}?)` : ''}`);
		}
	});
	return options;
}

function parseOptionBoolean(value: string): boolean | undefined {
	const lower = value.toLowerCase();
	return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Reads `spec.syncPolicy` (absent: manual sync, default options, no retry). */
export function parseSyncPolicy(value: unknown, reader: FieldReader, field: string): SyncPolicy {
	const policy: SyncPolicy = {automated: null, syncOptions: defaultSyncOptions(), retry: null};
	const spec = reader.mapping(value, field);
	if (spec === undefined) return policy;
	reader.unknownFields(spec, field, ['automated', 'syncOptions', 'retry'], ['managedNamespaceMetadata']);

	const automatedField = joinField(field, 'automated');
	if (spec['automated'] === null) {
		// Argo CD decodes `automated:` with nothing after it as "off"; people often mean "on".
		reader.warn(automatedField, 'empty, so automated sync is off (as in Argo CD); write `automated: {}` to turn it on');
	}
	const automated = reader.mapping(spec['automated'], automatedField);
	if (automated !== undefined) {
		reader.unknownFields(automated, automatedField, ['prune', 'selfHeal', 'allowEmpty', 'enabled']);
		const read = (key: string): boolean => reader.boolean(automated[key], joinField(automatedField, key)) ?? false;
		const enabled = reader.boolean(automated['enabled'], joinField(automatedField, 'enabled')) ?? true;
		const settings = {prune: read('prune'), selfHeal: read('selfHeal'), allowEmpty: read('allowEmpty')};
		policy.automated = enabled ? settings : null;
	}

	const optionsField = joinField(field, 'syncOptions');
	const entries = reader.stringList(spec['syncOptions'], optionsField);
	if (entries !== undefined) policy.syncOptions = parseSyncOptions(entries, reader, index => `${optionsField}[${index}]`);

	policy.retry = parseRetry(spec['retry'], reader, joinField(field, 'retry'));
	return policy;
}

function parseRetry(value: unknown, reader: FieldReader, field: string): SyncPolicy['retry'] {
	const retry = reader.mapping(value, field);
	if (retry === undefined) return null;
	reader.unknownFields(retry, field, ['limit', 'backoff'], ['refresh']);
	const limit = reader.integer(retry['limit'], joinField(field, 'limit'), Number.MIN_SAFE_INTEGER) ?? defaultRetry.limit;
	const backoffField = joinField(field, 'backoff');
	const backoff = reader.mapping(retry['backoff'], backoffField) ?? {};
	reader.unknownFields(backoff, backoffField, ['duration', 'factor', 'maxDuration']);
	const durationMs = readDuration(backoff['duration'], reader, joinField(backoffField, 'duration')) ?? defaultRetry.durationMs;
	const factor = reader.integer(backoff['factor'], joinField(backoffField, 'factor'), 1) ?? defaultRetry.factor;
	const maxField = joinField(backoffField, 'maxDuration');
	const maxDurationMs = readDuration(backoff['maxDuration'], reader, maxField) ?? defaultRetry.maxDurationMs;
	if (maxDurationMs < durationMs) reader.warn(maxField, 'shorter than duration, so every retry waits maxDuration');
	return {limit, backoff: {durationMs, factor, maxDurationMs}};
}

function readDuration(value: unknown, reader: FieldReader, field: string): number | undefined {
	if (value === undefined || value === null) return undefined;
	const milliseconds = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
	if (milliseconds === undefined) {
		reader.fail(field, `expected a duration such as "5s", "3m" or "1h2m", got ${describeValue(value)}`);
	}
	return milliseconds;
}

const durationUnits: Record<string, number> = {ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1_000, m: 60_000, h: 3_600_000};
const durationPart = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/**
 * A duration in milliseconds, read as Argo CD reads backoff durations: a bare number is seconds
 * ("30", 30), anything else is a Go duration ("5s", "1.5m", "1h2m"). Negative or malformed: undefined.
 */
export function parseDuration(text: string | number): number | undefined {
	if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? text * 1_000 : undefined;
	const trimmed = text.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
	if (trimmed === '') return undefined;
	let total = 0;
	durationPart.lastIndex = 0;
	while (durationPart.lastIndex < trimmed.length) {
		const start = durationPart.lastIndex;
		const match = durationPart.exec(trimmed);
		if (match === null || match.index !== start) return undefined;
		total += Number(match[1]) * (durationUnits[match[2] ?? ''] ?? Number.NaN);
	}
	return Number.isFinite(total) ? total : undefined;
}
