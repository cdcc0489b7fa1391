/**
 * How many requests a sync has in flight at once, in its dry-run phase and within each group of
 * same-kind objects of a step. One constant, so the bench's floor (a bare loop of the same
 * server-side applies) is held to the same bound as driftwatch (README: "Sync: order and speed").
 */
export const syncConcurrency = 16;
