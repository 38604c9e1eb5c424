import { NodeOperationError, type INode } from 'n8n-workflow';

export interface TableFailure {
	/** The target table as Redshift names it. */
	table: string;
	error: NodeOperationError;
	/** The table's first input item, pointed at when the error names no item of its own. */
	firstItem: number;
}

/**
 * The error an Apply Changelog run ends with when any table failed. It is thrown whatever the node's
 * On Error setting: a run that "succeeds" with error items would let the Postgres CDC Trigger
 * acknowledge changes that were never applied. The tables that succeeded keep their changes; the
 * retried batch finds them applied (positions) and applies only the rest.
 */
export function changelogFailure(
	node: INode,
	failures: readonly TableFailure[],
	tables: number,
): NodeOperationError {
	const [first] = failures;
	const applied = tables - failures.length;
	const message =
		failures.length === 1
			? first.error.message
			: `Apply Changelog failed for ${failures.length} of ${tables} tables: ${failures.map((failure) => `${failure.table}: ${failure.error.message}`).join(' | ')}`;
	const why =
		`Apply Changelog fails the run when a table fails, even with On Error set to continue, so the trigger does not acknowledge these changes. ` +
		`${applied > 0 ? `The other ${applied} table(s) were applied; ` : ''}running the batch again applies what is missing, exactly once.`;
	const itemIndex = (first.error.context.itemIndex as number | undefined) ?? first.firstItem;
	return new NodeOperationError(node, message, {
		itemIndex,
		description: first.error.description ? `${first.error.description} ${why}` : why,
	});
}
