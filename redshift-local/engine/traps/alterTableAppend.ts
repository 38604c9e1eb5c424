import { RedshiftError, type BackendSession, type StatementResult } from '../session';
import { isWord, quoteIdentifier, readQualifiedName, type Token } from '../sqlTokens';
import { syntaxErrorNear } from '../syntaxError';

export function isAlterTableAppend(tokens: Token[], sql: string): boolean {
	if (!isWord(tokens[0], 'ALTER') || !isWord(tokens[1], 'TABLE')) return false;
	try {
		return isWord(tokens[readQualifiedName(sql, tokens, 2).end], 'APPEND');
	} catch {
		return false; // not a table name: PostgreSQL reports it
	}
}

/**
 * ALTER TABLE target APPEND FROM source [IGNOREEXTRA | FILLTARGET] (DG r_ALTER_TABLE_APPEND.md):
 * moves every row of source into target and leaves source empty. It "can't run inside a
 * transaction block" and commits immediately. Columns are matched by name: IGNOREEXTRA drops
 * source columns the target lacks, FILLTARGET fills target columns the source lacks with their
 * defaults; otherwise the column sets must be equal.
 */
export async function runAlterTableAppend(
	sql: string,
	tokens: Token[],
	session: BackendSession,
): Promise<StatementResult> {
	const target = readQualifiedName(sql, tokens, 2);
	if (!isWord(tokens[target.end + 1], 'FROM')) {
		throw syntaxErrorNear(tokens[target.end + 1]);
	}
	const source = readQualifiedName(sql, tokens, target.end + 2);
	const option = tokens[source.end]?.value;
	if (session.transactionStatus() !== 'idle') {
		throw new RedshiftError('ALTER TABLE APPEND cannot run inside a transaction block', '25001');
	}
	const targetColumns = await columnNames(session, target.text);
	const sourceColumns = await columnNames(session, source.text);
	const missingInTarget = sourceColumns.filter((name) => !targetColumns.includes(name));
	const missingInSource = targetColumns.filter((name) => !sourceColumns.includes(name));
	if (
		(missingInTarget.length > 0 && option !== 'IGNOREEXTRA') ||
		(missingInSource.length > 0 && option !== 'FILLTARGET')
	) {
		throw new RedshiftError(
			"Target table and source table attributes don't match.",
			'XX000',
			`Only in source: ${missingInTarget.join(', ') || '-'}; only in target: ${missingInSource.join(', ') || '-'}. Use IGNOREEXTRA or FILLTARGET.`,
		);
	}
	const common = targetColumns
		.filter((name) => sourceColumns.includes(name))
		.map(quoteIdentifier)
		.join(', ');
	await session.query('BEGIN');
	try {
		const moved = await session.query(
			`INSERT INTO ${target.text} (${common}) SELECT ${common} FROM ${source.text}`,
		);
		await session.query(`TRUNCATE ${source.text}`);
		await session.query('COMMIT');
		return { commandTag: 'ALTER TABLE APPEND', rowCount: moved.rowCount, fields: [], rows: [] };
	} catch (error) {
		await session.query('ROLLBACK').catch(() => undefined);
		throw error;
	}
}

async function columnNames(session: BackendSession, table: string): Promise<string[]> {
	const result = await session.query(
		`SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
		[table],
	);
	return result.rows.map(([name]) => name ?? '');
}
