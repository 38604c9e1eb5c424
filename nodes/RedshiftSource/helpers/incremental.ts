import type { IDataObject } from 'n8n-workflow';

import type { SqlRow, SqlValue } from '../../shared/redshift/connection/types';
import { normalizeIdentifier } from '../../shared/redshift/sql/identifiers';
import { SourceError } from './errors';
import type { IncrementalSettings } from './interfaces';
import type { CursorBound } from './selectStatement';

/** What a node remembers between runs, in its workflow static data under `incremental`. */
export interface CursorState {
	cursorColumn: string;
	keyColumns: string[];
	/** The newest cursor value returned so far. */
	value: SqlValue;
	/** Keys (JSON of the key values) of the rows returned that have exactly `value`. */
	keysAtValue: string[];
}

const STATE_KEY = 'incremental';

const sameNames = (a: readonly string[], b: readonly string[]) =>
	a.length === b.length && a.every((name, index) => name === b[index]);

/**
 * The remembered state, unless it was reset or belongs to another cursor or key choice (then
 * the read starts again, from the start value if one is given).
 */
export function loadCursorState(
	staticData: IDataObject,
	settings: IncrementalSettings,
): { state?: CursorState; discarded?: 'reset' | 'changed' } {
	const stored = staticData[STATE_KEY] as CursorState | undefined;
	if (!stored) return {};
	if (settings.reset) return { discarded: 'reset' };
	const columns = normalizedColumns(settings);
	if (stored.cursorColumn !== columns.cursor || !sameNames(stored.keyColumns, columns.keys))
		return { discarded: 'changed' };
	return { state: stored };
}

/** Writes only a change: n8n stores the workflow's static data again whenever it was touched. */
export function saveCursorState(staticData: IDataObject, state: CursorState | undefined): void {
	if (JSON.stringify(staticData[STATE_KEY]) === JSON.stringify(state)) return;
	if (state) staticData[STATE_KEY] = state as unknown as IDataObject;
	else delete staticData[STATE_KEY];
}

function normalizedColumns(settings: IncrementalSettings) {
	return {
		cursor: normalizeIdentifier(settings.cursorColumn),
		keys: settings.keyColumns.map((column) => normalizeIdentifier(column)),
	};
}

/**
 * With key columns the read starts AT the last value (rows committed later with that same value
 * are not lost) and the rows already returned are dropped by key; without keys it starts strictly
 * past it.
 */
export function cursorBound(settings: IncrementalSettings, state?: CursorState): CursorBound {
	const bound: CursorBound = { column: settings.cursorColumn, keyColumns: settings.keyColumns };
	const inclusive = settings.keyColumns.length > 0;
	if (state) bound.from = { value: state.value, inclusive };
	else if (settings.startValue !== undefined)
		bound.from = { value: settings.startValue, inclusive: true };
	return bound;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Follows the rows of an incremental read (in cursor order): drops those already returned at
 * the last value and works out the state to remember after the run.
 */
export class CursorTracker {
	private readonly cursor: string;
	private readonly keys: string[];
	private value: SqlValue | undefined;
	private keysAtValue: Set<string>;
	private checked = false;

	constructor(
		private readonly settings: IncrementalSettings,
		private readonly previous?: CursorState,
	) {
		const columns = normalizedColumns(settings);
		this.cursor = columns.cursor;
		this.keys = columns.keys;
		this.value = previous?.value;
		this.keysAtValue = new Set(previous?.keysAtValue ?? []);
	}

	/** False for a row returned by an earlier run (same cursor value and key). */
	accept(row: SqlRow): boolean {
		if (!this.checked) this.checkColumns(row);
		const value = row[this.cursor];
		const key = this.keys.length > 0 ? JSON.stringify(this.keys.map((name) => row[name])) : '';
		if (this.value !== undefined && same(value, this.value)) {
			if (this.keys.length > 0 && this.keysAtValue.has(key)) return false;
		} else {
			this.value = cursorValue(value, this.settings.cursorColumn);
			this.keysAtValue = new Set();
		}
		if (this.keys.length > 0) this.keysAtValue.add(key);
		return true;
	}

	/** The state after the rows seen; unchanged when there were none. */
	state(): CursorState | undefined {
		if (this.value === undefined) return this.previous;
		return {
			cursorColumn: this.cursor,
			keyColumns: this.keys,
			value: this.value,
			keysAtValue: [...this.keysAtValue],
		};
	}

	private checkColumns(row: SqlRow): void {
		this.checked = true;
		for (const [column, display] of [
			[this.cursor, 'Options > Incremental: Cursor Column'],
			...this.keys.map((key) => [key, 'Options > Incremental: Key Columns']),
		]) {
			if (!(column in row))
				throw new SourceError(
					`The column "${column}" named in ${display} is not in the result (its columns: ${Object.keys(row).join(', ')}).`,
					`Return the column "${column}" (in *Options > Columns to Return* or the query), or correct *${display}*.`,
				);
		}
	}
}

/** A cursor value must be something a parameter can carry back next run. */
function cursorValue(value: unknown, column: string): SqlValue {
	if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
		return value;
	throw new SourceError(
		`The cursor column "${column}" holds ${value === null ? 'NULL' : typeof value} values, which cannot be remembered as a position.`,
		'Choose a number, date, timestamp or text column in *Options > Incremental: Cursor Column*.',
	);
}
