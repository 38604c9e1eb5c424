import type { RedshiftConnection } from '../redshift/connection/types';
import { TOAST_MISSING_COLUMN } from '../redshift/sql/changelogApply';
import {
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from '../redshift/sql/identifiers';
import type { TableFill } from './changelogStage';
import { ItemValueError, LoadFailedError } from './errors';

/** Whether the apply failed because an unchanged TOAST value had no row to be taken from. */
export function isMissingToast(error: unknown): boolean {
	if (!(error instanceof LoadFailedError)) return false;
	return `${error.message} ${error.details.serverMessage ?? ''}`
		.toLowerCase()
		.includes(TOAST_MISSING_COLUMN);
}

/**
 * After the rolled-back apply: the first change whose unchanged TOAST value had no target row to come
 * from, named by item, table, key and column, with what to do. Falls back to the first candidate.
 */
export async function missingToastError(
	connection: RedshiftConnection,
	target: TableRef,
	fills: readonly TableFill[],
	options: IdentifierOptions,
): Promise<ItemValueError> {
	const quoted = quoteTable(target, options);
	let culprit = fills[0];
	for (const fill of fills.slice(0, 50)) {
		const names = Object.keys(fill.key);
		const where = names
			.map((name, at) => `${quoteIdentifier(name, options)} = $${at + 1}`)
			.join(' AND ');
		const found = await connection
			.query({
				text: `SELECT COUNT(*) AS "rows" FROM ${quoted} WHERE ${where}`,
				values: names.map((name) => String(fill.key[name])),
			})
			.catch(() => undefined);
		if (found && Number(found.rows[0]?.rows ?? 0) === 0) {
			culprit = fill;
			break;
		}
	}
	const column = culprit?.columns[0] ?? '';
	return new ItemValueError(
		`Item ${culprit?.eventIndex ?? 0}: the update of ${quoted} with key ${JSON.stringify(culprit?.key ?? {})} leaves column "${column}" unchanged (PostgreSQL did not send its TOASTed value), ` +
			`but ${quoted} has no earlier row with that key to take the value from; nothing was applied, so no NULL was written. ` +
			'Apply the changes that wrote the row first (a run still in flight, or one an IF node kept from this Sink), or set REPLICA IDENTITY FULL on the source table so PostgreSQL sends the value, then run this batch again.',
		culprit?.eventIndex ?? 0,
		column,
	);
}
