/**
 * Failed initial-snapshot reads per slot, in this process. A read that fails (the reader's connection
 * or transaction was lost) cannot go on: the snapshot is taken again on a new slot by the next
 * activation. n8n re-activates a trigger that reported an error after about a second and backs off only
 * when activation itself throws, so the node spaces the retakes itself: the error is reported after a
 * delay that grows with the failures in a row.
 */
const failuresInARow = new Map<string, number>();

/** Records a failed read of `slotKey`'s snapshot; returns the failures in a row, this one included. */
export function recordSnapshotReadFailure(slotKey: string): number {
	const failures = (failuresInARow.get(slotKey) ?? 0) + 1;
	failuresInARow.set(slotKey, failures);
	return failures;
}

/** The snapshot of `slotKey` completed: the next failure waits the shortest delay again. */
export function clearSnapshotReadFailures(slotKey: string): void {
	failuresInARow.delete(slotKey);
}
