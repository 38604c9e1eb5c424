import type { BackendSession } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';
import type { LoadRow } from './convertRecords';
import type { LoadError } from './loadErrors';
import type { TargetColumn } from './targetTable';

/** Values per round trip: enough to keep the number of queries small, small enough for one statement. */
const BATCH = 5000;

/**
 * Asks PostgreSQL's own input functions about the values JS could not judge (Redshift's
 * DATEFORMAT/TIMEFORMAT 'auto' follows them: DG automatic-recognition.md). Accepted values
 * take PostgreSQL's normalised text; rejected ones turn their row into a load error.
 */
export async function resolvePendingCasts(
	session: BackendSession,
	rows: LoadRow[],
	columns: TargetColumn[],
): Promise<{ rows: LoadRow[]; errors: LoadError[] }> {
	const pending = rows.flatMap((row) => row.pendingCasts.map((cast) => ({ row, cast })));
	const failed = new Map<LoadRow, LoadError>();
	for (let start = 0; start < pending.length; start += BATCH) {
		const batch = pending.slice(start, start + BATCH);
		// one JSON text parameter, not arrays: every BackendSession passes text parameters the same way
		const pairs = JSON.stringify(
			batch.map(({ cast }) => [cast.conversion.text, cast.conversion.castType]),
		);
		const result = await session.query(
			`SELECT ${SYSTEM_SCHEMA}.copy_try_cast(u.pair->>0, u.pair->>1)
			FROM json_array_elements($1::json) WITH ORDINALITY AS u(pair, n) ORDER BY u.n`,
			[pairs],
		);
		batch.forEach(({ row, cast }, index) => {
			const normalised = result.rows[index][0];
			if (normalised !== null || cast.conversion.nullOnFailure) {
				row.values[cast.columnIndex] = normalised;
			} else if (!failed.has(row)) {
				failed.set(row, {
					file: row.file,
					lineNumber: row.lineNumber,
					rawLine: row.rawLine,
					code: cast.conversion.code,
					reason: cast.conversion.reason,
					column: columns[cast.columnIndex],
					fieldNumber: cast.columnIndex + 1,
					rawFieldValue: cast.rawFieldValue,
				});
			}
		});
	}
	return { rows: rows.filter((row) => !failed.has(row)), errors: [...failed.values()] };
}
