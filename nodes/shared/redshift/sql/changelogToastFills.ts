import { CHANGELOG_COLUMNS, oldKeyColumn, ROW_POSITION_COLUMN } from './changelogColumns';
import {
	FILLED_AT_COLUMN,
	FILLED_COLUMN,
	fromKeyColumn,
	MOVED_AT_COLUMN,
	toastFillTable,
} from './changelogSideTables';
import {
	quoteColumnList,
	quoteIdentifier,
	quoteTable,
	type IdentifierOptions,
	type TableRef,
} from './identifiers';
import type { ParameterizedQuery } from './statement';
import { keyMatch } from './upsert';

/**
 * How unchanged TOAST values stay right when batches apply out of order. PostgreSQL leaves a TOASTed
 * value out of an update that did not change it; the apply takes it from the target row the update
 * replaces, and records that this column now holds the value as of that row's position (a fill
 * record). A change between the two positions that arrives later is older than the row, so it does
 * not replace the row, but it still sets that column (and moves the record up to its position).
 */
export interface ToastFillOptions extends IdentifierOptions {
	target: TableRef;
	stage: string;
	keys: string[];
	/** Whether stage rows carry old keys (oldKeyColumn(i)). */
	movedKeys: boolean;
}

interface Names {
	target: string;
	stage: string;
	fills: string;
	rowPosition: string;
	written: string;
	staged: string;
	column: string;
	notWritten: (column: string) => string;
}

function names(options: ToastFillOptions): Names {
	const target = quoteTable(options.target, options);
	const stage = quoteIdentifier(options.stage, options);
	const rowPosition = quoteIdentifier(ROW_POSITION_COLUMN, options);
	const toast = `${stage}.${quoteIdentifier(CHANGELOG_COLUMNS.toast, options)}`;
	return {
		target,
		stage,
		fills: quoteTable(toastFillTable(options.target, options), options),
		rowPosition,
		written: `COALESCE(${target}.${rowPosition}, -1)`,
		staged: `${stage}.${quoteIdentifier(CHANGELOG_COLUMNS.position, options)}`,
		column: quoteIdentifier(FILLED_COLUMN, options),
		// Whether the staged change did not send a value for the column ($-parameter holds `,name,`).
		notWritten: (parameter) => `POSITION(${parameter} IN COALESCE(${toast}, ',')) > 0`,
	};
}

/**
 * Late values of one column: a staged change older than the target row (so it will not replace the
 * row) but newer than the position the row's value of this column is as of. Run before superseded
 * changes are dropped from the stage.
 */
export function buildLateColumnValues(
	options: ToastFillOptions,
	column: string,
): ParameterizedQuery[] {
	const n = names(options);
	const name = quoteIdentifier(column, options);
	const op = `${n.stage}.${quoteIdentifier(CHANGELOG_COLUMNS.operation, options)}`;
	const late = `${n.fills}.${n.column} = CAST($1 AS VARCHAR(127)) AND ${n.fills}.${n.rowPosition} < ${n.staged} AND ${n.staged} < ${n.written} AND ${op} <> 'd' AND NOT ${n.notWritten('$2')}`;
	const joined = `${keyMatch(options, n.target, n.stage)} AND ${keyMatch(options, n.fills, n.stage)}`;
	const values = [column, `,${column},`];
	// A change of the old key, from before the key change, carries into the row under the new key.
	const fromOld = options.keys
		.map(
			(key, index) =>
				`${n.fills}.${quoteIdentifier(fromKeyColumn(index), options)} = ${n.stage}.${quoteIdentifier(key, options)}`,
		)
		.join(' AND ');
	const lateOld = `${n.fills}.${n.column} = CAST($1 AS VARCHAR(127)) AND ${n.fills}.${n.rowPosition} < ${n.staged} AND ${n.staged} < ${n.fills}.${quoteIdentifier(MOVED_AT_COLUMN, options)} AND ${op} <> 'd' AND NOT ${n.notWritten('$2')}`;
	return [
		{
			text: `UPDATE ${n.target} SET ${name} = ${n.stage}.${name} FROM ${n.stage}, ${n.fills} WHERE ${joined} AND ${late}`,
			values,
		},
		{
			text: `UPDATE ${n.fills} SET ${n.rowPosition} = ${n.staged} FROM ${n.stage}, ${n.target} WHERE ${joined} AND ${late}`,
			values,
		},
		{
			text: `UPDATE ${n.target} SET ${name} = ${n.stage}.${name} FROM ${n.stage}, ${n.fills} WHERE ${keyMatch(options, n.target, n.fills)} AND ${fromOld} AND ${lateOld}`,
			values,
		},
		{
			text: `UPDATE ${n.fills} SET ${n.rowPosition} = ${n.staged} FROM ${n.stage} WHERE ${fromOld} AND ${lateOld}`,
			values,
		},
	];
}

/**
 * The fill record of one column for the staged changes that take its value from the target row
 * (before the fill itself): the replaced row's own record when it has one, else its position. After a
 * key change the replaced row is the old key's, and the new key's stale records go first.
 */
export function buildRecordFills(
	options: ToastFillOptions,
	column: string,
	now: string,
): ParameterizedQuery[] {
	const n = names(options);
	const keys = quoteColumnList(options.keys, options);
	const stageKeys = options.keys
		.map((key) => `${n.stage}.${quoteIdentifier(key, options)}`)
		.join(', ');
	const unchanged = `POSITION($2 IN ${n.stage}.${quoteIdentifier(CHANGELOG_COLUMNS.unchanged, options)}) > 0 AND ${n.written} < ${n.staged}`;
	const insert = `INSERT INTO ${n.fills} (${keys}, ${n.column}, ${n.rowPosition}, ${quoteIdentifier(FILLED_AT_COLUMN, options)})`;
	const values = [column, `,${column},`, now];
	const statements: ParameterizedQuery[] = [];
	const own = options.movedKeys
		? ` AND ${n.stage}.${quoteIdentifier(oldKeyColumn(0), options)} IS NULL`
		: '';
	statements.push({
		text:
			`${insert} SELECT ${stageKeys}, CAST($1 AS VARCHAR(127)), ${n.written}, CAST($3 AS TIMESTAMP) FROM ${n.stage} JOIN ${n.target} ON ${keyMatch(options, n.stage, n.target)} ` +
			`WHERE ${unchanged}${own} AND NOT EXISTS (SELECT 1 FROM ${n.fills} WHERE ${keyMatch(options, n.fills, n.stage)} AND ${n.fills}.${n.column} = CAST($1 AS VARCHAR(127)))`,
		values,
	});
	if (options.movedKeys) {
		const old = (table: string) =>
			options.keys
				.map(
					(key, index) =>
						`${table}.${quoteIdentifier(key, options)} = ${n.stage}.${quoteIdentifier(oldKeyColumn(index), options)}`,
				)
				.join(' AND ');
		const moved = `${n.stage}.${quoteIdentifier(oldKeyColumn(0), options)} IS NOT NULL`;
		const before = `COALESCE(${n.stage}.${quoteIdentifier(CHANGELOG_COLUMNS.fillBefore, options)}, ${n.staged})`;
		const pendingOld = `POSITION($2 IN ${n.stage}.${quoteIdentifier(CHANGELOG_COLUMNS.unchanged, options)}) > 0 AND ${n.written} < ${before}`;
		const fromKeys = quoteColumnList(
			options.keys.map((_, index) => fromKeyColumn(index)),
			options,
		);
		const oldKeys = options.keys
			.map((_, index) => `${n.stage}.${quoteIdentifier(oldKeyColumn(index), options)}`)
			.join(', ');
		statements.push(
			{
				text: `DELETE FROM ${n.fills} USING ${n.stage} WHERE ${keyMatch(options, n.fills, n.stage)} AND ${moved} AND ${n.fills}.${n.column} = CAST($1 AS VARCHAR(127))`,
				values: [column],
			},
			{
				text:
					`INSERT INTO ${n.fills} (${keys}, ${fromKeys}, ${quoteIdentifier(MOVED_AT_COLUMN, options)}, ${n.column}, ${n.rowPosition}, ${quoteIdentifier(FILLED_AT_COLUMN, options)}) ` +
					`SELECT ${stageKeys}, ${oldKeys}, ${before}, CAST($1 AS VARCHAR(127)), COALESCE("_n8n_old".${n.rowPosition}, ${n.written}), CAST($3 AS TIMESTAMP) FROM ${n.stage} JOIN ${n.target} ON ${old(n.target)} ` +
					`LEFT JOIN ${n.fills} AS "_n8n_old" ON ${old('"_n8n_old"')} AND "_n8n_old".${n.column} = CAST($1 AS VARCHAR(127)) WHERE ${pendingOld} AND ${moved}`,
				values,
			},
		);
	}
	return statements;
}

/**
 * After the apply: records of rows a staged change replaced go, except for the columns that change
 * did not send (their value is still as of the record); then records older than the retention.
 */
export function buildFillUpkeep(
	options: ToastFillOptions,
	pruneBefore: string,
): ParameterizedQuery[] {
	const n = names(options);
	const op = `${n.stage}.${quoteIdentifier(CHANGELOG_COLUMNS.operation, options)}`;
	return [
		{
			text: `DELETE FROM ${n.fills} USING ${n.stage} WHERE ${keyMatch(options, n.fills, n.stage)} AND (${op} = 'd' OR NOT ${n.notWritten(`',' || ${n.fills}.${n.column} || ','`)})`,
			values: [],
		},
		...buildPruneFills(options.target, pruneBefore, options),
	];
}

/** Fill records older than the retention: no change older than them can still arrive. */
export function buildPruneFills(
	target: TableRef,
	pruneBefore: string,
	options: IdentifierOptions = {},
): ParameterizedQuery[] {
	return [
		{
			text: `DELETE FROM ${quoteTable(toastFillTable(target, options), options)} WHERE ${quoteIdentifier(FILLED_AT_COLUMN, options)} < CAST($1 AS TIMESTAMP)`,
			values: [pruneBefore],
		},
	];
}
