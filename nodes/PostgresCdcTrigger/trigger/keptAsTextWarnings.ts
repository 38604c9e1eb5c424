import type { KeptAsTextReason } from '../../shared/cdc/values/native';

/** Called for every value Native mode kept as PostgreSQL printed it. */
export type KeptAsTextWarner = (
	schema: string,
	table: string,
	column: string,
	reason: KeptAsTextReason,
) => void;

/**
 * Warns once per table, column and reason for as long as the trigger is active: a user learns that a
 * column's values are not always converted without a log line per value.
 */
export function createKeptAsTextWarner(warn: (message: string) => void): KeptAsTextWarner {
	const warned = new Set<string>();
	return (schema, table, column, reason) => {
		const key = `${schema}\u0000${table}\u0000${column}\u0000${reason}`;
		if (warned.has(key)) return;
		warned.add(key);
		warn(`Value Types is Native, but in ${schema}.${table} column "${column}": ${reason}.`);
	};
}
