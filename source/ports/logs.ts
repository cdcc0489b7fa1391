/** Streams a pod's log (source/cluster/pod-logs.ts implements it). */

/**
 * Calls `onLine` per line until the returned function is called. `previous`: the log of the
 * container's previous run (what crashed, for a CrashLoopBackOff), read whole, not followed.
 */
export type LogsPort = (
	/** `app`: the app whose tree shows the pod, so the log comes from that app's cluster. */
	pod: {namespace: string; name: string; app?: string},
	container: string | undefined,
	onLine: (line: string) => void,
	onError: (message: string) => void,
	options?: {previous?: boolean},
) => () => void;
