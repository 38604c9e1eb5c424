import type { BackendSession } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';
import { closingParen, isWord, type Token } from '../sqlTokens';
import type { Edit } from './createTable';

const S = SYSTEM_SCHEMA;

/**
 * Redshift keeps PRIMARY KEY and UNIQUE as information for the planner and never checks them
 * (DG t_Defining_constraints.md): a duplicate is stored. Here PostgreSQL creates the constraints
 * (so pg_constraint and information_schema show them, as on Redshift), then their indexes stop
 * being unique. The primary key is also marked deferrable, so that PostgreSQL does not drop GROUP BY
 * columns it would believe the key determines. Superuser-only catalog updates, hence SECURITY
 * DEFINER: an IAM login runs it too.
 */
export const informationalKeysDdl = `CREATE OR REPLACE FUNCTION ${S}.make_keys_informational(target oid)
	RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog AS $$
	UPDATE pg_catalog.pg_index SET indisunique = false
		WHERE indrelid = target AND indisunique AND indexrelid IN (
			SELECT conindid FROM pg_catalog.pg_constraint WHERE conrelid = target AND contype IN ('p', 'u'));
	UPDATE pg_catalog.pg_constraint SET condeferrable = true
		WHERE conrelid = target AND contype = 'p' AND NOT condeferrable;
$$`;

/** After a CREATE TABLE or ALTER TABLE ADD constraint: the table's keys no longer reject duplicates. */
export async function makeKeysInformational(session: BackendSession, oid: string): Promise<void> {
	await session.query(`SELECT ${S}.make_keys_informational($1)`, [oid]);
}

/**
 * FOREIGN KEY is informational on Redshift too, but PostgreSQL would check it, and cannot even
 * create one whose referenced key is informational: a table-level FOREIGN KEY element is cut.
 * `from`/`to` delimit the element inside the column list; the comma that joins it goes with it.
 */
export function cutTableElement(tokens: Token[], from: number, to: number): Edit {
	if (tokens[from - 1]?.text === ',')
		return { start: tokens[from - 1].start, end: tokens[to - 1].end, replacement: '' };
	const next = tokens[to]?.text === ',' ? tokens[to] : tokens[to - 1];
	return { start: tokens[from].start, end: next.end, replacement: '' };
}

/** True for `[CONSTRAINT name] FOREIGN KEY …` starting at `from`. */
export function isForeignKeyElement(tokens: Token[], from: number): boolean {
	const at = isWord(tokens[from], 'CONSTRAINT') ? from + 2 : from;
	return isWord(tokens[at], 'FOREIGN');
}

/**
 * A column's `[CONSTRAINT name] REFERENCES table [(column)]` at `at` (the REFERENCES word): the
 * edit that cuts it and the index after it.
 */
export function cutColumnReference(
	tokens: Token[],
	at: number,
	constraintStart: number | undefined,
): { edit: Edit; next: number } {
	let end = at + 1;
	while (tokens[end + 1]?.text === '.') end += 2; // schema.table
	if (tokens[end + 1]?.text === '(') end = closingParen(tokens, end + 1);
	const first = tokens[constraintStart ?? at];
	return { edit: { start: first.start, end: tokens[end].end, replacement: '' }, next: end + 1 };
}
