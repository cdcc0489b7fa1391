/**
 * The layers of driftwatch, as rules (see ARCHITECTURE.md):
 *   core <- ports <- engine <- presentation/ui/commands <- cli.tsx
 *   adapters (argocd, audit, clock, cluster, config, control-plane, git, notify, render, webhook) -> core, ports
 * Only the composition roots join adapters to the engine and the UI: source/cli.tsx, and the lab
 * (source/lab/, which starts a control plane, creates the demo repositories and drives exercises).
 * The lab's exercises (source/lab/exercises/) are pure: the UI's lab panel may read them.
 * `npm run lint:layers` checks them; `npm test` runs it.
 */
const adapters = '^source/(argocd|audit|clock|cluster|config|control-plane|git|notify|render|webhook)/';
const ioModules = [
	'fs',
	'fs/promises',
	'child_process',
	'net',
	'http',
	'https',
	'http2',
	'dgram',
	'tls',
	'os',
	'worker_threads',
	'process',
	'readline',
];
const nodeIo = `^(node:)?(${ioModules.join('|').replace(/\//g, '\\/')})$`;

module.exports = {
	forbidden: [
		{name: 'no-cycles', severity: 'error', comment: 'Import cycles hide the layering.', from: {}, to: {circular: true}},
		{
			name: 'core-is-pure',
			severity: 'error',
			comment: 'core/ is pure functions: no I/O modules, nothing outside core but pure data libraries (re2js: a linear-time regex engine).',
			from: {path: '^source/core/'},
			to: {pathNot: ['^source/core/', '^node_modules/(jsondiffpatch|js-yaml|yaml|re2js)/'], dependencyTypesNot: ['type-only']},
		},
		{name: 'core-no-io', severity: 'error', from: {path: '^source/core/'}, to: {path: nodeIo}},
		{
			name: 'ports-are-interfaces',
			severity: 'error',
			comment: 'ports/ declare what the engine needs, in terms of core types only.',
			from: {path: '^source/ports/'},
			to: {pathNot: ['^source/(core|ports)/']},
		},
		{
			name: 'engine-sees-ports-not-adapters',
			severity: 'error',
			comment: 'The engine reaches the outside only through ports; it never knows the UI, the CLI or presentation.',
			from: {path: '^source/engine/'},
			to: {
				path: [adapters, '^source/(ui|commands|presentation)/', '^source/cli\\.tsx$', '^node_modules/(@kubernetes|simple-git|ink|react)/'],
			},
		},
		{name: 'engine-no-io', severity: 'error', from: {path: '^source/engine/'}, to: {path: nodeIo}},
		{
			name: 'adapters-implement-ports',
			severity: 'error',
			comment: 'Adapters implement ports and import nothing from the engine, the UI, the CLI or presentation.',
			from: {path: adapters},
			to: {path: ['^source/(engine|ui|commands|presentation)/', '^source/cli\\.tsx$']},
		},
		{
			name: 'presentation-reads-engine-types',
			severity: 'error',
			comment: 'presentation/ turns facts into words; it may name engine types, never call the engine.',
			from: {path: '^source/presentation/'},
			to: {path: ['^source/engine/'], dependencyTypesNot: ['type-only']},
		},
		{
			name: 'presentation-is-pure',
			severity: 'error',
			from: {path: '^source/presentation/'},
			to: {path: [adapters, '^source/(ui|commands)/', '^source/cli\\.tsx$', nodeIo]},
		},
		{
			name: 'ui-over-snapshots',
			severity: 'error',
			comment: 'The UI reads engine snapshots (types) and calls EngineActions it is given; it never reaches adapters or the CLI.',
			from: {path: '^source/ui/'},
			to: {path: [adapters, '^source/commands/', '^source/cli\\.tsx$']},
		},
		{
			name: 'ui-engine-types-only',
			severity: 'error',
			from: {path: '^source/ui/'},
			to: {path: '^source/engine/', dependencyTypesNot: ['type-only']},
		},
		{
			name: 'commands-get-adapters-from-cli',
			severity: 'error',
			comment: 'One-shot commands print engine results; the composition root (cli.tsx) builds the adapters.',
			from: {path: '^source/commands/'},
			to: {path: [adapters, '^source/ui/', '^source/cli\\.tsx$']},
		},
		{
			name: 'lab-is-a-composition-root',
			severity: 'error',
			comment: 'Only cli.tsx starts the lab; the UI may read the pure exercises, nothing else of it.',
			from: {path: '^source/', pathNot: ['^source/lab/', '^source/cli\\.tsx$', '^source/ui/']},
			to: {path: '^source/lab/'},
		},
		{
			name: 'ui-reads-lab-exercises-only',
			severity: 'error',
			from: {path: '^source/ui/'},
			to: {path: '^source/lab/', pathNot: '^source/lab/exercises/'},
		},
		{
			name: 'lab-exercises-are-pure',
			severity: 'error',
			from: {path: '^source/lab/exercises/'},
			to: {path: [adapters, '^source/(ui|commands)/', '^source/lab/(?!exercises/)', '^source/cli\\.tsx$', nodeIo]},
		},
		{
			name: 'lab-exercises-read-engine-types',
			severity: 'error',
			from: {path: '^source/lab/exercises/'},
			to: {path: '^source/engine/', dependencyTypesNot: ['type-only']},
		},
		{
			name: 'shipped-code-stays-shipped',
			severity: 'error',
			comment: 'Tests, benches and fixtures are not in the package.',
			from: {path: '^source/'},
			to: {path: '^(test|bench|fixtures|scripts)/'},
		},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		exclude: {path: '^(dist|\.build|coverage)/'},
		tsPreCompilationDeps: true,
		tsConfig: {fileName: 'tsconfig.json'},
		enhancedResolveOptions: {
			exportsFields: ['exports'],
			conditionNames: ['import', 'require', 'node', 'default'],
			extensions: ['.ts', '.tsx', '.js'],
		},
		reporterOptions: {text: {highlightFocused: true}},
	},
};
