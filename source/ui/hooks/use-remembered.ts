/**
 * useState that survives the screen being unmounted (going to help and back, drilling in and
 * out): the value is kept in the root's memory under `key`.
 */
import {useCallback, useState} from 'react';
import {useUi} from '../ui-context.js';

/** Like useState, but initialised from and saved to the root memory under `key`. */
export function useRemembered<T>(key: string, initial: T): [T, (next: T | ((previous: T) => T)) => void] {
	const {memory} = useUi();
	const [value, setValue] = useState<T>(() => (memory.has(key) ? (memory.get(key) as T) : initial));
	const update = useCallback(
		(next: T | ((previous: T) => T)) => {
			setValue(previous => {
				const resolved = typeof next === 'function' ? (next as (previous: T) => T)(previous) : next;
				memory.set(key, resolved);
				return resolved;
			});
		},
		[key, memory],
	);
	return [value, update];
}
