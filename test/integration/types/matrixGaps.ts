import type { ChangeEvent } from '../../../nodes/shared/loads';
import type { Mismatch } from './matrixCheck';
import type { TypeCase } from './typeCases';

/**
 * A part of the matrix that does not round-trip yet: a whole mode (no column), a whole column in a
 * mode (no input: its values, and its column type), or one cell (column and input).
 */
export interface KnownGap {
	mode: string;
	column?: string;
	input?: string | null;
	why: string;
}

export function gapMatches(gap: KnownGap, cell: Mismatch): boolean {
	if (gap.mode !== cell.mode) return false;
	if (gap.column === undefined) return true;
	if (gap.column !== cell.column) return false;
	return gap.input === undefined || (cell.kind !== 'column type' && gap.input === cell.input);
}

/** Is this case's value a known gap of the mode (so it is loaded alone, not in the shared batch)? */
export function isGapCase(gaps: readonly KnownGap[], typeCase: TypeCase): boolean {
	return gaps.some(
		(gap) =>
			gap.column === typeCase.column && (gap.input === undefined || gap.input === typeCase.input),
	);
}

/** The columns a mode leaves out of its shared batches (a known gap fails the whole batch). */
export const gapColumns = (gaps: readonly KnownGap[]): Set<string> =>
	new Set(
		gaps.flatMap((gap) =>
			gap.column !== undefined && gap.input === undefined ? [gap.column] : [],
		),
	);

/** The events without these columns: out of the description and out of every row. */
export function withoutColumns(
	events: readonly ChangeEvent[],
	columns: ReadonlySet<string>,
): ChangeEvent[] {
	if (columns.size === 0) return [...events];
	const keep = <T extends { name: string }>(list: T[] | undefined) =>
		list?.filter((column) => !columns.has(column.name));
	const row = (values: ChangeEvent['after']) =>
		values
			? Object.fromEntries(Object.entries(values).filter(([name]) => !columns.has(name)))
			: values;
	return events.map((event) => ({
		...event,
		after: row(event.after),
		before: row(event.before),
		...(event.schemaChange
			? {
					schemaChange: {
						...event.schemaChange,
						columns: keep(event.schemaChange.columns) ?? [],
						addedColumns: keep(event.schemaChange.addedColumns),
						droppedColumns: keep(event.schemaChange.droppedColumns),
						retypedColumns: keep(event.schemaChange.retypedColumns),
					},
				}
			: {}),
	})) as ChangeEvent[];
}
