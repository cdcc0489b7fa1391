#!/usr/bin/env node
/**
 * driftwatch's only composition root: parses flags, builds the concrete adapters (git, render,
 * cluster), and hands them to a command, the headless watcher, or the Ink UI.
 */
// First: on a too-old Node this prints one line and exits before anything below is evaluated.
import './require-node.js';
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import meow from 'meow';
import {loadAppFiles} from './config/load-app-files.js';
import {appFromFlags} from './core/app-from-flags.js';
import {type AppDefinition, clusterTargetOf} from './core/app-definition.js';
import {DriftwatchError, describeError} from './core/errors.js';
import {maskUrlCredentials} from './core/url-credentials.js';
import {formatConfigError} from './core/parse-application.js';
import {normalizeGitUrl} from './core/project-limits.js';
import {type KubeConnection, connect} from './cluster/kube-connection.js';
import {clusterDestination} from './cluster/cluster-destination.js';
import {ResourceClient} from './cluster/resource-client.js';
import {unavailableDestination} from './cluster/unavailable-destination.js';
import {exitCodes, parseOutput, processIo, type CommandIo} from './commands/command-io.js';
import {runCompare} from './commands/compare-command.js';
import {printDiff} from './commands/diff-command.js';
import {runHealth} from './commands/health-command.js';
import {commandHelp} from './commands/help-text.js';
import {printActionResult} from './commands/action-output.js';
import {printStatus} from './commands/status-command.js';
import {runHeadless} from './commands/headless-watch.js';
import {askYesNo, canAsk} from './commands/confirm-prompt.js';
import {runKeepCommand} from './commands/keep-command.js';
import {runPromote} from './commands/promote-command.js';
import {runSetImage} from './commands/set-image-command.js';
import type {SourceEditPorts} from './commands/source-edit-session.js';
import {colorWanted} from './commands/terminal-style.js';
import {drainOutput} from './commands/drain-output.js';
import {AuditLog} from './audit/audit-log.js';
import {systemClock} from './clock/system-clock.js';
import {DriftEngine} from './engine/drift-engine.js';
import {ArgoCdEngine} from './engine/argocd/argocd-engine.js';
import type {SyncRequest} from './engine/engine-state.js';
import {KubeApplicationWriter} from './argocd/application-writer.js';
import {argoCdDestinations} from './argocd/argocd-destinations.js';
import {evaluateOnce} from './engine/one-shot.js';
import {Notifier} from './notify/notifier.js';
import type {Destination} from './ports/destination.js';
import type {LabWatchTarget} from './lab/lab-command.js';
import type {GitPorts} from './ports/git.js';
import type {RenderPort} from './ports/render.js';
import type {SourceEditPort} from './ports/source-edit.js';
import {keepCommitMessage, promoteCommitMessage, setImageCommitMessage} from './presentation/source-edit-words.js';
import {describeNotification} from './presentation/notification.js';
import {startWebhookReceiver} from './webhook/webhook-receiver.js';
import {demoPlainPath, ensureDemoRepo} from './git/demo-repo.js';
import {GitSource} from './git/git-source.js';
import {gitSources} from './git/git-sources.js';
import {appSourceRenderer} from './render/render-app-source.js';
import {openSourceWorkspace} from './render/source-workspace.js';

const cli = meow(commandHelp['main'] ?? '', {
	importMeta: import.meta,
	autoHelp: false,
	allowUnknownFlags: false,
	// An absent boolean is undefined, not false: `flags.autoSync ?? <the Application's policy>` needs it.
	booleanDefault: undefined,
	flags: {
		help: {type: 'boolean', shortFlag: 'h'},
		repo: {type: 'string'},
		revision: {type: 'string'},
		path: {type: 'string'},
		namespace: {type: 'string', shortFlag: 'n'},
		name: {type: 'string'},
		recurse: {type: 'boolean'},
		values: {type: 'string', isMultiple: true},
		set: {type: 'string', isMultiple: true},
		setString: {type: 'string', isMultiple: true},
		release: {type: 'string'},
		allowRemoteValues: {type: 'boolean'},
		app: {type: 'string', isMultiple: true},
		kubeconfig: {type: 'string'},
		context: {type: 'string'},
		output: {type: 'string', shortFlag: 'o'},
		desired: {type: 'string', isMultiple: true},
		live: {type: 'string', isMultiple: true},
		prune: {type: 'boolean'},
		dryRun: {type: 'boolean'},
		resource: {type: 'string', isMultiple: true},
		autoSync: {type: 'boolean'},
		selfHeal: {type: 'boolean'},
		readOnly: {type: 'boolean'},
		ui: {type: 'boolean', default: true},
		interval: {type: 'number'},
		webhookPort: {type: 'number'},
		webhookSecret: {type: 'string'},
		auditLog: {type: 'string'},
		notifyWebhook: {type: 'string'},
		bell: {type: 'boolean'},
		full: {type: 'boolean'},
		// Argo CD mode
		argocd: {type: 'boolean'},
		argocdNamespace: {type: 'string'},
		// set-image and promote
		from: {type: 'string'},
		to: {type: 'string'},
		yes: {type: 'boolean', shortFlag: 'y'},
		// `driftwatch lab` (source/lab/lab-command.ts)
		keep: {type: 'boolean'},
		printEnv: {type: 'boolean'},
		stop: {type: 'boolean'},
	},
});

type Flags = typeof cli.flags;
const commands = new Set([
	'watch',
	'diff',
	'status',
	'sync',
	'revert',
	'rollback',
	'rollout',
	'health',
	'compare',
	'demo-repo',
	'set-image',
	'promote',
	'keep',
	'lab',
]);

async function main(): Promise<number> {
	const [first, ...rest] = cli.input;
	const command = first ?? 'watch';
	if (!commands.has(command)) {
		process.stderr.write(`driftwatch: unknown command "${command}" (try driftwatch --help)\n`);
		return exitCodes.error;
	}
	if (cli.flags.help) {
		process.stdout.write(commandHelp[first ? command : 'main'] ?? commandHelp['main'] ?? '');
		return exitCodes.ok;
	}
	const io = processIo(colorWanted(process.stdout));
	const argocd = cli.flags.argocd || cli.flags.argocdNamespace !== undefined;
	if (argocd && !['watch', 'sync', 'rollback'].includes(command)) {
		io.err(`driftwatch ${command}: --argocd works with watch, sync and rollback (in watch, Argo CD's status and driftwatch's diffs)`);
		return exitCodes.error;
	}
	try {
		switch (command) {
			case 'health':
				return await runHealth(rest, io, parseOutput(cli.flags.output));
			case 'compare':
				return await runCompare(
					{
						desired: cli.flags.desired ?? [],
						live: cli.flags.live ?? [],
						namespace: cli.flags.namespace,
						output: parseOutput(cli.flags.output),
					},
					io,
				);
			case 'demo-repo': {
				const demo = await ensureDemoRepo();
				io.out(demo.workdir);
				io.err(`driftwatch watches ${demo.remote}; edit, commit and \`git push\` in the directory above.`);
				return exitCodes.ok;
			}
			case 'diff':
			case 'status':
				return await oneShotCompare(command, io);
			case 'set-image':
			case 'promote':
				return await runSourceEdit(command, rest, io);
			case 'lab':
				return await lab(io);
			default:
				return argocd ? await withArgoCd(command, rest, io) : await withEngine(command, rest, io);
		}
	} catch (error) {
		io.err(`driftwatch ${command}: ${describeError(error)}`);
		return exitCodes.error;
	}
}

/** Apps from --app files, from --repo flags, or the built-in demo. */
async function resolveApps(flags: Flags, defaultNamespace: string): Promise<AppDefinition[]> {
	if ((flags.app ?? []).length > 0) {
		const loaded = await loadAppFiles(flags.app ?? []);
		if (loaded.errors.length > 0) throw new DriftwatchError('config-invalid', loaded.errors.map(formatConfigError).join('\n'));
		if (loaded.apps.length === 0) throw new DriftwatchError('config-invalid', `no Application found in ${(flags.app ?? []).join(', ')}`);
		return loaded.apps;
	}
	const demo = !flags.repo;
	// A local path is made absolute, so `--repo .` names the app after the directory.
	const repo = flags.repo ? (existsSync(flags.repo) ? path.resolve(flags.repo) : flags.repo) : (await ensureDemoRepo()).remote;
	const {app, errors} = appFromFlags({
		repo,
		revision: flags.revision,
		// The demo repository's plain-YAML variant (source/git/demo-repo.ts); `driftwatch lab` runs its Application.
		path: flags.path ?? (demo ? demoPlainPath : undefined),
		namespace: flags.namespace ?? (demo ? 'driftwatch-demo' : defaultNamespace),
		name: flags.name ?? (demo ? 'demo' : undefined),
		recurse: flags.recurse,
		values: flags.values,
		set: flags.set,
		setString: flags.setString,
		release: flags.release,
		prune: flags.prune,
		selfHeal: flags.selfHeal,
		autoSync: flags.autoSync,
		syncOption: demo ? ['CreateNamespace=true'] : [],
	});
	if (!app) throw new DriftwatchError('config-invalid', errors.map(formatConfigError).join('\n'));
	return [app];
}

/**
 * One connection (and one set of shared watches) per destination context. `listOnly`: read each
 * kind with one list and open no watch (the one-shot commands). `tolerateUnusable` (the watch): a
 * kubeconfig that cannot be used at all gives an unavailable destination, so the app still shows
 * Git with the cluster's error, instead of an exit before the engine exists.
 */
function destinations(flags: Flags, options: {listOnly?: boolean; tolerateUnusable?: boolean} = {}) {
	const cache = new Map<string, {connection: KubeConnection; client: ResourceClient; destination?: Destination}>();
	const forApp = (app: AppDefinition) => {
		const target = clusterTargetOf(app.destination);
		const options = {
			kubeconfig: flags.kubeconfig,
			context: flags.context ?? (target.kind === 'context' ? target.context : undefined),
			server: target.kind === 'server' ? target.server : undefined,
		};
		const id = JSON.stringify(options);
		let entry = cache.get(id);
		if (!entry) {
			const connection = connect(options);
			entry = {connection, client: new ResourceClient(connection)};
			cache.set(id, entry);
		}
		return entry;
	};
	const destination = (app: AppDefinition): Destination => {
		let entry;
		try {
			entry = forApp(app);
		} catch (error) {
			if (!options.tolerateUnusable) throw error;
			const target = clusterTargetOf(app.destination);
			const context = flags.context ?? (target.kind === 'context' ? target.context : 'none');
			return unavailableDestination(error, {context, server: target.kind === 'server' ? target.server : 'no cluster'});
		}
		entry.destination ??= clusterDestination(entry.client, options);
		return entry.destination;
	};
	return {forApp, destination};
}

function adapters(): {git: GitPorts; render: RenderPort} {
	return {git: gitSources(), render: appSourceRenderer({allowRemoteValues: cli.flags.allowRemoteValues ?? false})};
}

function defaultNamespaceOf(flags: Flags): string {
	try {
		return connect({kubeconfig: flags.kubeconfig, context: flags.context}).namespace;
	} catch {
		return 'default';
	}
}

/** `status` and `diff`: the live engine, evaluating each app once (source/engine/one-shot.ts). */
async function oneShotCompare(command: 'diff' | 'status', io: CommandIo): Promise<number> {
	const output = parseOutput(cli.flags.output);
	const apps = await resolveApps(cli.flags, defaultNamespaceOf(cli.flags));
	const {destination} = destinations(cli.flags, {listOnly: true});
	const targets = [];
	for (const app of apps) {
		try {
			targets.push({definition: app, destination: destination(app), policy: {autoSync: false, selfHeal: false, prune: false}});
		} catch (error) {
			io.err(`driftwatch ${command}: ${app.name}: ${describeError(error)}`);
			return exitCodes.error;
		}
	}
	const statuses = await evaluateOnce({
		apps: targets,
		...adapters(),
		clock: systemClock,
		readOnly: cli.flags.readOnly ?? false,
		intervalMs: 30_000,
	});
	return command === 'diff' ? printDiff(statuses, io, output) : printStatus(statuses, io, output);
}

/** set-image and promote: edits of the app's source, committed to Git; they need no cluster. */
async function runSourceEdit(command: 'set-image' | 'promote', rest: string[], io: CommandIo): Promise<number> {
	const flags = cli.flags;
	const edit = {
		yes: flags.yes ?? false,
		dryRun: flags.dryRun ?? false,
		output: parseOutput(flags.output),
		readOnly: flags.readOnly ?? false,
	};
	const ports: SourceEditPorts = {
		repository: gitSources(),
		workspace: openSourceWorkspace,
		interactive: canAsk(),
		confirm: askYesNo,
		audit: new AuditLog(auditFileOf(flags)),
		user: auditUserOf(flags),
	};
	if (command === 'set-image') {
		const apps = await resolveApps(flags, defaultNamespaceOf(flags));
		return runSetImage({...edit, apps, assignments: rest, resources: flags.resource ?? []}, ports, io);
	}
	// For promote, --values names Helm value keys to copy, not value files of the app.
	const apps = await resolveApps({...flags, values: undefined}, defaultNamespaceOf(flags));
	const fromManifests = (flags.app ?? []).length > 0;
	return runPromote({...edit, apps, fromManifests, from: flags.from ?? '', to: flags.to ?? '', keys: flags.values ?? []}, ports, io);
}

/** --audit-log, else $XDG_STATE_HOME/driftwatch/audit.jsonl. */
function auditFileOf(flags: Flags): string {
	return (
		flags.auditLog ?? path.join(process.env['XDG_STATE_HOME'] ?? path.join(os.homedir(), '.local', 'state'), 'driftwatch', 'audit.jsonl')
	);
}

/** Who the audit log names for a Git write without a cluster: the kubeconfig user, else the OS user. */
function auditUserOf(flags: Flags): string {
	try {
		return connect({kubeconfig: flags.kubeconfig, context: flags.context}).user;
	} catch {
		return os.userInfo().username;
	}
}

/** Workspaces and commit messages for the engine's keep, set-image and promote. */
const sourceEdits: SourceEditPort = {
	openWorkspace: openSourceWorkspace,
	messages: {keep: keepCommitMessage, setImage: setImageCommitMessage, promote: promoteCommitMessage},
};

/** What `driftwatch lab` adds to the watch: its lab panel, attached to the engine once it exists. */
interface WatchHooks {
	attachLab?: LabWatchTarget['attachPanel'];
}

async function withEngine(command: string, rest: string[], io: CommandIo, hooks: WatchHooks = {}): Promise<number> {
	const flags = cli.flags;
	const headless = command === 'watch' && !flags.ui;
	const output = parseOutput(flags.output, command === 'watch' ? ['text', 'jsonl'] : ['text', 'json']);
	if (headless && output !== 'jsonl') throw new DriftwatchError('config-invalid', '--no-ui needs --output jsonl');
	const apps = await resolveApps(flags, defaultNamespaceOf(flags));
	const {destination} = destinations(flags, {tolerateUnusable: command === 'watch'});
	const {git, render} = adapters();
	// Repositories on this machine (working trees, bare ones, file:// URLs) are cheap to poll often.
	const isLocal = (app: AppDefinition) =>
		app.sources.every(
			source => existsSync(source.repoURL) || source.repoURL.startsWith('file://') || !new GitSource({repo: source.repoURL}).isRemote,
		);
	const auditFile = auditFileOf(flags);
	const engine = new DriftEngine({
		// `sync` is one action: no policy acts beside it, and no permission review runs first (the API
		// server refuses what the user may not do, in the dry run).
		...(command === 'sync' ? {mode: 'once' as const} : {}),
		apps: apps.map(app => ({
			definition: app,
			destination: destination(app),
			// Policies act only while watching: a one-shot sync, revert, rollback, rollout or keep does what
			// it was asked and nothing more (an auto-sync with --prune on start would turn `sync --dry-run
			// --prune` of an automated Application into a real prune). A one-shot prunes only when told to.
			policy:
				command === 'watch'
					? {
							autoSync: flags.autoSync ?? app.syncPolicy.automated !== null,
							selfHeal: flags.selfHeal ?? app.syncPolicy.automated?.selfHeal ?? false,
							prune: flags.prune ?? app.syncPolicy.automated?.prune ?? false,
						}
					: {autoSync: false, selfHeal: false, prune: flags.prune ?? false},
			intervalMs: (flags.interval ?? (isLocal(app) ? 2 : 30)) * 1000,
		})),
		git,
		render,
		clock: systemClock,
		readOnly: flags.readOnly ?? false,
		intervalMs: 30_000,
		audit: new AuditLog(auditFile),
		sourceEdits,
		notifier: new Notifier({
			bell: flags.bell ?? false,
			describe: describeNotification,
			...(flags.notifyWebhook ? {webhookUrl: flags.notifyWebhook} : {}),
		}),
	});
	const receiver =
		flags.webhookPort === undefined
			? undefined
			: await startWebhookReceiver({
					port: flags.webhookPort,
					secret: flags.webhookSecret ?? process.env['DRIFTWATCH_WEBHOOK_SECRET'],
					// Refresh the apps whose source is the pushed repository (clone, SSH or web URL), at once.
					onPush: push => {
						const pushed = new Set(push.repoURLs.map(normalizeGitUrl));
						for (const app of apps) {
							if (app.sources.some(source => pushed.has(normalizeGitUrl(source.repoURL)))) void engine.refresh(app.name);
						}
					},
				});
	try {
		if (command === 'watch') {
			if (headless) return await runHeadless(engine, io);
			// React picks its build when first loaded: the development one (checks, dev tooling on
			// every element) costs several times more per frame. Nothing loads React before this.
			process.env['NODE_ENV'] ??= 'production';
			const {runUi} = await import('./ui/run-ui.js');
			const lab = hooks.attachLab?.(engine);
			void engine.start();
			try {
				await runUi(engine, engine, {initialApp: apps.length === 1 ? apps[0]?.name : undefined, lab});
			} finally {
				lab?.stop();
			}
			return exitCodes.ok;
		}
		await engine.start();
		const app = apps[0]?.name ?? '';
		if (apps.length > 1) throw new DriftwatchError('config-invalid', `${command} acts on one app; --app named ${apps.length}`);
		if (command === 'keep') {
			const edit = {yes: flags.yes ?? false, dryRun: flags.dryRun ?? false, output};
			return await runKeepCommand({...edit, app, object: rest[0]}, {engine, interactive: canAsk(), confirm: askYesNo}, io);
		}
		const rolloutActions = ['promote', 'abort', 'pause', 'resume'] as const;
		if (command === 'rollout') {
			const action = rolloutActions.find(candidate => candidate === rest[0]);
			if (!action || !rest[1])
				throw new DriftwatchError('config-invalid', 'usage: driftwatch rollout promote|abort|pause|resume NAME [app flags] [--full]');
			return printActionResult(
				`rollout ${action}`,
				await engine.rollout(app, rest[1], action, {full: flags.full ?? false}),
				io,
				output,
				engine.app(app).status,
			);
		}
		const result =
			command === 'sync'
				? await engine.sync(app, syncRequestOf(flags))
				: command === 'revert'
					? await engine.revert(app, rest[0])
					: rest[0]
						? await engine.rollbackToRevision(app, rest[0])
						: undefined;
		if (!result) throw new DriftwatchError('config-invalid', 'rollback needs a REVISION (a commit SHA, tag or branch)');
		return printActionResult(command, result, io, output, engine.app(app).status);
	} finally {
		engine.stop();
		await receiver?.close();
	}
}

/** `sync`'s request from its flags: --prune, --dry-run, --resource. */
function syncRequestOf(flags: Flags): SyncRequest {
	return {prune: flags.prune ?? false, dryRun: flags.dryRun ?? false, ...(flags.resource?.length ? {resources: flags.resource} : {})};
}

/**
 * `--argocd`: Argo CD's Applications in one namespace, watched and shown through the same screens;
 * actions are asked of Argo CD (source/engine/argocd). `watch` (UI or JSON lines), and `sync` /
 * `rollback` of the app named by --name (which also limits `watch` to that Application).
 */
async function withArgoCd(command: string, rest: string[], io: CommandIo): Promise<number> {
	const flags = cli.flags;
	if ((flags.app ?? []).length > 0 || flags.repo) {
		throw new DriftwatchError('config-invalid', '--argocd reads the Applications from Argo CD: leave out --app and --repo');
	}
	const headless = command === 'watch' && !flags.ui;
	const output = parseOutput(flags.output, command === 'watch' ? ['text', 'jsonl'] : ['text', 'json']);
	if (headless && output !== 'jsonl') throw new DriftwatchError('config-invalid', '--no-ui needs --output jsonl');
	const namespace = flags.argocdNamespace ?? 'argocd';
	const client = new ResourceClient(connect({kubeconfig: flags.kubeconfig, context: flags.context}));
	const home = {client, destination: clusterDestination(client)};
	const engine = new ArgoCdEngine({
		namespace,
		home: home.destination,
		applications: new KubeApplicationWriter(client),
		resolveDestination: argoCdDestinations({kubeconfig: flags.kubeconfig, home, namespace}),
		...adapters(),
		clock: systemClock,
		readOnly: flags.readOnly ?? false,
		intervalMs: (flags.interval ?? 30) * 1000,
		...(flags.name ? {only: new Set([flags.name])} : {}),
	});
	try {
		if (command === 'watch') {
			if (headless) return await runHeadless(engine, io);
			const {runUi} = await import('./ui/run-ui.js');
			void engine.start();
			await runUi(engine, engine, {});
			return exitCodes.ok;
		}
		await engine.start();
		const app = flags.name;
		if (!app) throw new DriftwatchError('config-invalid', `${command} --argocd needs --name APPLICATION`);
		const result =
			command === 'sync'
				? await engine.sync(app, syncRequestOf(flags))
				: rest[0] && /^\d+$/u.test(rest[0])
					? await engine.rollback(app, Number(rest[0]))
					: rest[0]
						? await engine.rollbackToRevision(app, rest[0])
						: undefined;
		if (!result) throw new DriftwatchError('config-invalid', 'rollback --argocd needs a history ID or a REVISION');
		return printActionResult(command, result, io, output, engine.app(app).status);
	} finally {
		engine.stop();
	}
}

/**
 * `driftwatch lab` / `npm start` (source/lab): a local cluster and the demo's Git repositories,
 * then the ordinary watch on the demo's Application, as if run with --app/--kubeconfig/--context.
 */
async function lab(io: CommandIo): Promise<number> {
	const {runLabCommand} = await import('./lab/lab-command.js');
	const flags = cli.flags;
	const given = {
		app: (flags.app ?? []).length > 0,
		repo: flags.repo,
		kubeconfig: flags.kubeconfig,
		context: flags.context,
		path: flags.path,
	};
	const conflicting = Object.entries(given)
		.filter(([, value]) => Boolean(value))
		.map(([name]) => `--${name}`);
	const options = {keep: flags.keep ?? false, printEnv: flags.printEnv ?? false, stop: flags.stop ?? false, conflicting};
	return runLabCommand(options, io, async target => {
		Object.assign(flags, {app: [target.applicationFile], kubeconfig: target.kubeconfig, context: target.context});
		flags.auditLog ??= target.auditLog;
		return withEngine('watch', [], io, {attachLab: target.attachPanel});
	});
}

main().then(
	async code => {
		await drainOutput();
		process.exit(code);
	},
	async error => {
		process.stderr.write(`driftwatch: ${maskUrlCredentials(describeError(error))}\n`);
		await drainOutput();
		process.exit(exitCodes.error);
	},
);
