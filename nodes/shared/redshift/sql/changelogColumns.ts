import { SqlBuildError } from './errors';
import { ORDINAL_COLUMN } from './upsert';

/** One table per schema holds each target table's changelog state (highest position, floor, source server). */
export const CDC_POSITIONS_TABLE = '_n8n_cdc_positions';

/** The metadata column of every changelog target: the position of the change that wrote the row. */
export const ROW_POSITION_COLUMN = '_n8n_cdc_position';

/** Columns the changelog stage has after the target's own. */
export const CHANGELOG_COLUMNS = {
	/** 'c' insert, 'u' update, 'r' snapshot read, 'd' delete (Debezium letters). */
	operation: '_n8n_op',
	/** The change's position: commit LSN × 2^32 + event index (see loads/changePosition). */
	position: '_n8n_position',
	/** `,a,b,`: columns whose value is an unchanged TOAST value still to take from the table; `,` once all are filled. */
	unchanged: '_n8n_unchanged',
	/** The same list as staged, kept while fills empty `unchanged`: which columns the change did not write. */
	toast: '_n8n_toast',
	/** With the old key columns: the row under the old key is the fill source as it was below this position. */
	fillBefore: '_n8n_fill_before',
	/** The change's place in the batch: orders changes that share a position. */
	ordinal: ORDINAL_COLUMN,
} as const;

/** Stage column i holds key column i's value before an update that changed the key (else NULL). */
export function oldKeyColumn(index: number): string {
	return `_n8n_old_key_${index}`;
}

/** A position: a whole number that fits NUMERIC(38,0), kept exact. */
export type ChangePosition = bigint | string;

/**
 * Commit LSN × 2^32 + event index needs up to 96 bits: wider than 64, so NUMERIC(38,0). An LSN
 * alone (64 bits) cannot order the events of a transaction that spans batches.
 */
export const POSITION_TYPE = 'NUMERIC(38,0)';

export function positionText(position: ChangePosition): string {
	const text = typeof position === 'bigint' ? position.toString() : position;
	if (typeof text !== 'string' || !/^\d{1,38}$/.test(text)) {
		throw new SqlBuildError(
			`A change position must be a whole number from 0 to 10^38-1 (NUMERIC(38,0)); got ${String(position)}.`,
		);
	}
	return text;
}
