/**
 * One Application attached from Argo CD: its latest report, its Argo CD timeline, and driftwatch's
 * own comparison of it: a one-app DriftEngine with every policy off (it never writes), rendering the
 * Application's source at the revision Argo CD compared, on the destination cluster. That engine is
 * replaced when what it compares changes (the source, the destination, ignoreDifferences, or Argo
 * CD's revision); its drift entries stay on the timeline.
 */
import type {AppDefinition} from '../../core/app-definition.js';
import {type ApplicationReport, readApplicationReport} from '../../core/argocd/application-report.js';
import {describeError} from '../../core/errors.js';
import {listAt, stringAt, valueAt} from '../../core/health/json-fields.js';
import type {KubeObject} from '../../core/kube-object.js';
import {formatConfigError, parseApplications} from '../../core/parse-application.js';
import type {DestinationResolver} from '../../ports/argocd.js';
import type {Clock} from '../../ports/clock.js';
import type {Destination} from '../../ports/destination.js';
import type {GitPorts} from '../../ports/git.js';
import type {RenderPort} from '../../ports/render.js';
import {timelineLimit} from '../app-state.js';
import {DriftEngine} from '../drift-engine.js';
import type {AppView, TimelineEvent} from '../engine-state.js';
import {argoTimelineEntries} from './argocd-timeline.js';
import {attachedView} from './attached-view.js';
import type {ConcurrencyGate} from './concurrency-gate.js';
import {observingCluster} from './observing-cluster.js';

export interface AttachedAppDeps {
	git: GitPorts;
	render: RenderPort;
	clock: Clock;
	readOnly: boolean;
	/** Git poll interval of a comparison that follows a branch (Argo CD has not named a revision yet). */
	intervalMs: number;
	resolveDestination: DestinationResolver;
	/** Bounds how many comparisons start at once (hundreds of apps at start-up). */
	gate: ConcurrencyGate;
	onChange: () => void;
	onTimeline: (entry: TimelineEvent) => void;
}

/** Timeline entries of driftwatch's own comparison worth showing beside Argo CD's (its syncs and health are Argo CD's). */
const comparisonEntryTypes = new Set<TimelineEvent['type']>(['commit-seen', 'drift-detected', 'drift-resolved', 'error', 'rollout-action']);
/** A comparison pinned to a commit has nothing to poll for: the next revision comes from Argo CD. */
const pinnedIntervalMs = 10 * 60_000;

interface Comparison {
	key: string;
	engine: DriftEngine;
	destination: Destination;
	stop: () => void;
}

export class AttachedApp {
	report: ApplicationReport;
	private comparison: Comparison | undefined;
	private wantedKey = '';
	private comparisonError: string | null = null;
	/** Argo CD's entries and those of replaced comparisons, newest first. */
	private timeline: TimelineEvent[] = [];
	private cached: {inputs: unknown[]; view: AppView} | undefined;
	private stopped = false;

	constructor(
		private application: KubeObject,
		private readonly deps: AttachedAppDeps,
	) {
		this.report = readApplicationReport(application);
	}

	get name(): string {
		return this.report.name;
	}

	/** The comparison engine, when driftwatch has one for this app. */
	get engine(): DriftEngine | undefined {
		return this.comparison?.engine;
	}

	get destination(): Destination | undefined {
		return this.comparison?.destination;
	}

	/** A new version of the Application: new timeline entries, and a new comparison when its inputs changed. */
	update(application: KubeObject): void {
		const previous = this.report;
		this.application = application;
		this.report = readApplicationReport(application);
		const entries = argoTimelineEntries(previous, this.report, new Date(this.deps.clock.now()).toISOString());
		for (const entry of entries) this.deps.onTimeline(entry);
		if (entries.length > 0) this.timeline = [...entries.reverse(), ...this.timeline].slice(0, timelineLimit);
		void this.ensureComparison();
	}

	/** Starts (or replaces) driftwatch's comparison when its inputs changed; resolves when it had its first evaluation. */
	async ensureComparison(): Promise<void> {
		const definition = this.definition();
		const key = definition ? JSON.stringify([definition.sources, definition.destination, definition.ignoreDifferences]) : '';
		if (key === this.wantedKey) return;
		this.wantedKey = key;
		if (!definition) {
			this.replace(undefined);
			return;
		}
		await this.deps.gate.run(async () => {
			if (this.stopped || this.wantedKey !== key) return;
			let destination: Destination;
			try {
				destination = await this.deps.resolveDestination(definition.destination);
			} catch (error) {
				this.comparisonError = describeError(error);
				this.replace(undefined);
				return;
			}
			const pinned = definition.sources.every(source => /^[0-9a-f]{40}$/u.test(source.targetRevision));
			// Reads and dry runs only: Argo CD does every write.
			const observed = {...destination, cluster: observingCluster(destination.cluster)};
			const engine = new DriftEngine({
				apps: [{definition, destination: observed, policy: {autoSync: false, selfHeal: false, prune: false}}],
				git: this.deps.git,
				render: this.deps.render,
				clock: this.deps.clock,
				readOnly: this.deps.readOnly,
				intervalMs: pinned ? pinnedIntervalMs : this.deps.intervalMs,
			});
			const unsubscribe = engine.subscribe(() => this.changed());
			const stopEvents = engine.onEvent(entry => {
				if (comparisonEntryTypes.has(entry.type)) this.deps.onTimeline(entry);
			});
			const comparison: Comparison = {key, engine, destination, stop: () => (unsubscribe(), stopEvents(), engine.stop())};
			// Start before the old one stops, so shared watches stay open across the switch.
			try {
				await engine.start();
			} catch (error) {
				comparison.stop();
				this.comparisonError = describeError(error);
				this.changed();
				return;
			}
			if (this.stopped || this.wantedKey !== key) {
				comparison.stop();
				return;
			}
			this.comparisonError = null;
			this.replace(comparison);
		});
	}

	/** The Application as driftwatch's parser reads it, pinned to Argo CD's revision(s); null with `comparisonError` set when it cannot be read. */
	private definition(): AppDefinition | null {
		const metadata = this.application.metadata;
		const origin = `Application ${metadata.namespace ?? ''}/${metadata.name}`;
		// Only what a manifest holds: status, operation and server fields are not the parser's business.
		const manifest = {
			apiVersion: this.application.apiVersion,
			kind: this.application.kind,
			metadata: {name: metadata.name, namespace: metadata.namespace},
			spec: this.application['spec'],
		};
		const parsed = parseApplications([manifest], origin);
		const [app] = parsed.apps;
		if (!app) {
			this.comparisonError = `driftwatch cannot read this Application: ${parsed.errors.map(formatConfigError).join('; ') || 'no app found'}`;
			return null;
		}
		const revisions = this.report.revisions.length > 0 ? this.report.revisions : this.report.revision ? [this.report.revision] : [];
		const sources = app.sources.map((source, index) => {
			const revision = revisions[index];
			return revision && /^[0-9a-f]{40}$/u.test(revision) ? {...source, targetRevision: revision} : source;
		});
		return {...app, sources};
	}

	private replace(next: Comparison | undefined): void {
		const old = this.comparison;
		if (old) {
			const kept = this.comparisonTimeline(old.engine);
			this.timeline = mergeNewestFirst(this.timeline, kept).slice(0, timelineLimit);
			old.stop();
		}
		this.comparison = next;
		this.changed();
	}

	private comparisonTimeline(engine: DriftEngine): TimelineEvent[] {
		const view = engine.getSnapshot().apps[0];
		return (view?.timeline ?? []).filter(entry => comparisonEntryTypes.has(entry.type));
	}

	private changed(): void {
		if (!this.stopped) this.deps.onChange();
	}

	/** The app as readers see it; the same object while nothing it is built from changed. */
	view(permissions: AppView['permissions'], projectMissing: boolean): AppView {
		const compared = this.comparison?.engine.getSnapshot().apps[0];
		const inputs = [this.report, compared, permissions, this.timeline, this.comparisonError, projectMissing];
		if (this.cached && this.cached.inputs.every((input, index) => input === inputs[index])) return this.cached.view;
		const destination = this.comparison?.destination.cluster;
		const view = attachedView({
			report: this.report,
			compared,
			comparisonError: this.comparisonError,
			source: specSource(this.application),
			destination: {
				namespace: stringAt(this.application, 'spec', 'destination', 'namespace'),
				context: destination?.context ?? '',
				server: destination?.server ?? stringAt(this.application, 'spec', 'destination', 'server'),
			},
			timeline: mergeNewestFirst(
				this.timeline,
				(compared?.timeline ?? []).filter(entry => comparisonEntryTypes.has(entry.type)),
			).slice(0, timelineLimit),
			permissions,
			projectMissing,
			now: new Date(this.deps.clock.now()).toISOString(),
		});
		this.cached = {inputs, view};
		return view;
	}

	/** An entry of driftwatch's own about this app (a request Argo CD's API refused). */
	note(entry: TimelineEvent): void {
		this.timeline = [entry, ...this.timeline].slice(0, timelineLimit);
	}

	stop(): void {
		this.stopped = true;
		this.comparison?.stop();
		this.comparison = undefined;
	}
}

function mergeNewestFirst(a: readonly TimelineEvent[], b: readonly TimelineEvent[]): TimelineEvent[] {
	if (b.length === 0) return [...a];
	if (a.length === 0) return [...b];
	return [...a, ...b].sort((x, y) => (x.time < y.time ? 1 : x.time > y.time ? -1 : 0));
}

/** The first source as written (the comparison renders Argo CD's revision of it). */
function specSource(application: KubeObject): AppView['source'] {
	const source = valueAt(application, 'spec', 'source') ?? listAt(application, 'spec', 'sources')[0];
	return {
		repoURL: stringAt(source, 'repoURL'),
		path: stringAt(source, 'path') || stringAt(source, 'chart'),
		targetRevision: stringAt(source, 'targetRevision') || 'HEAD',
	};
}
