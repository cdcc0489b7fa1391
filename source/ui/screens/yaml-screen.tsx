/**
 * Live YAML: the object as the cluster has it now (EngineActions.liveObject), printed like
 * `kubectl get -o yaml`, Secrets masked (values and the last-applied annotation).
 */
import {useMemo} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import {displayKey, type ResourceKey} from '../../core/kube-object.js';
import {errorLine} from '../../presentation/error-text.js';
import {liveYamlLines} from '../../presentation/live-yaml.js';
import {positionText, type StyledLine, TextView} from '../components/text-view.js';
import {useAsyncValue} from '../hooks/use-async-value.js';
import {useCommands} from '../hooks/use-commands.js';
import {useScroll} from '../hooks/use-scroll.js';
import {theme} from '../theme.js';
import {useUi} from '../ui-context.js';

/** Props of YamlScreen. */
export interface YamlScreenProps {
	app: string;
	object: ResourceKey;
	height: number;
}

/** The live YAML screen. */
export function YamlScreen({app, object, height}: YamlScreenProps) {
	const {actions} = useUi();
	const id = displayKey(object);
	const live = useAsyncValue(() => actions.liveObject(app, object), [actions, app, id]);
	const {group, kind} = object;
	const lines = useMemo(
		() =>
			live.status === 'ready'
				? liveYamlLines(live.value, {group, kind}).map((text): StyledLine => ({
						text,
						color: /^\s*[\w.-]+:/.test(text) ? undefined : theme.accent,
					}))
				: [],
		[live, group, kind],
	);
	const textHeight = Math.max(1, height - 1);
	const scroll = useScroll(`yaml:${app}:${id}`, lines.length, textHeight);
	useCommands(command => scroll.handle(command));

	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate-end">
				<Text bold>{`Live YAML ${id}`}</Text>
				<Text color={theme.muted}>{`  ${positionText(scroll.top, textHeight, lines.length)}`}</Text>
			</Text>
			{live.status === 'loading' && <Text color={theme.muted}>Reading the live object…</Text>}
			{live.status === 'error' && (
				<Text
					color={theme.danger}
				>{`✖ Could not read the live object: ${errorLine(live.error)}. Press esc to go back, r to refresh.`}</Text>
			)}
			{live.status === 'ready' && lines.length === 0 && (
				<Text color={theme.muted}>The object does not exist in the cluster (Git has it, the cluster does not: it is missing).</Text>
			)}
			{lines.length > 0 && <TextView lines={lines} top={scroll.top} height={textHeight} />}
		</Box>
	);
}
