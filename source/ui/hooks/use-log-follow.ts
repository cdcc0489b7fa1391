/**
 * A pod's log lines, followed through EngineActions.followLogs. Lines are buffered and handed to
 * React at most every `flushMs`, so a chatty pod costs ~10 frames a second, and the buffer keeps
 * only the last `maxLines`. Changing pod or container restarts the stream.
 */
import {useEffect, useState} from 'react';
import type {EngineActions} from '../../engine/engine-state.js';
import type {PodRef} from '../navigation.js';

/** The lines so far (the last `maxLines`) and the error that ended the stream, if any. */
export interface LogFollow {
	lines: string[];
	error: string | null;
}

const empty: LogFollow = {lines: [], error: null};

/** Follows `container` of `pod` (default container when undefined) until unmount or a change. */
export function useLogFollow(
	actions: EngineActions,
	pod: PodRef,
	container: string | undefined,
	previous = false,
	maxLines = 5000,
	flushMs = 100,
): LogFollow {
	const {namespace, name, app} = pod;
	// The state names its stream: after a switch, the old stream's lines are not shown, without a reset in the effect.
	const stream = JSON.stringify([app ?? null, namespace, name, container ?? null, previous]);
	const [state, setState] = useState<LogFollow & {stream: string}>({stream, lines: [], error: null});
	useEffect(() => {
		const buffer: string[] = [];
		let error: string | null = null;
		let timer: NodeJS.Timeout | undefined;
		const flush = () => {
			timer = undefined;
			// One copy per frame, not per line: React sees a new array, a chatty pod stays cheap.
			setState({stream, lines: buffer.slice(), error});
		};
		const schedule = () => {
			timer ??= setTimeout(flush, flushMs);
		};
		const stop = actions.followLogs(
			{namespace, name, ...(app === undefined ? {} : {app})},
			container,
			line => {
				buffer.push(line);
				if (buffer.length > maxLines) buffer.splice(0, buffer.length - maxLines);
				schedule();
			},
			message => {
				error = message;
				schedule();
			},
			previous ? {previous: true} : undefined,
		);
		return () => {
			stop();
			if (timer) clearTimeout(timer);
		};
	}, [actions, stream, app, namespace, name, container, previous, maxLines, flushMs]);
	return state.stream === stream ? state : empty;
}
