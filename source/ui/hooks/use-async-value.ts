/**
 * The result of an engine query (commits, a live object, a full diff), reloaded when `deps`
 * change. A result that arrives after the inputs changed or the screen closed is dropped, and
 * the previous value stays on screen while a reload is under way.
 */
import {useEffect, useState, type DependencyList} from 'react';
import {type ErrorText, errorText} from '../../presentation/error-text.js';

/** A query result: loading, ready with a value, or failed (message and hint). */
export type AsyncValue<T> = {status: 'loading'} | {status: 'ready'; value: T} | {status: 'error'; error: ErrorText};

/** Runs `load` when `deps` change and returns its latest result. */
export function useAsyncValue<T>(load: () => Promise<T>, deps: DependencyList): AsyncValue<T> {
	const [state, setState] = useState<AsyncValue<T>>({status: 'loading'});
	useEffect(() => {
		let current = true;
		load().then(
			value => {
				if (current) setState({status: 'ready', value});
			},
			(error: unknown) => {
				if (current) setState({status: 'error', error: errorText(error)});
			},
		);
		return () => {
			current = false;
		};
		// The caller's deps decide when to reload; `load` is a fresh closure every render.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, deps);
	return state;
}
