import { RedshiftError, type BackendSession, type StatementResult } from '../session';
import { atomically } from '../ddl/atomically';
import {
	findTopLevel,
	isWord,
	readQualifiedName,
	type QualifiedName,
	type Token,
} from '../sqlTokens';
import { syntaxErrorNear } from '../syntaxError';

const majors = new WeakMap<BackendSession, Promise<number>>();

/** The server's major version, asked once per session. */
async function postgresMajor(session: BackendSession): Promise<number> {
	let major = majors.get(session);
	if (!major) {
		major = session
			.query('SHOW server_version_num')
			.then((result) => Math.floor(Number(result.rows[0]?.[0]) / 10000));
		majors.set(session, major);
	}
	return await major;
}

interface MergeShape {
	target: QualifiedName;
	source: QualifiedName;
	/** The ON condition's text. */
	condition: string;
	alias?: string;
	removeDuplicates: boolean;
}

/**
 * Checks Redshift's MERGE grammar (DG r_MERGE.md): MERGE INTO target USING source_table [[AS]
 * alias] ON cond, then WHEN MATCHED THEN {UPDATE SET … | DELETE} and WHEN NOT MATCHED THEN INSERT …,
 * or REMOVE DUPLICATES. The source is a table, never a subquery; WHEN clauses take no extra AND
 * condition and there is no DO NOTHING or BY SOURCE.
 */
export function parseMerge(sql: string, tokens: Token[]): MergeShape {
	if (!isWord(tokens[1], 'INTO')) throw syntaxErrorNear(tokens[1]);
	const target = readQualifiedName(sql, tokens, 2);
	let i = target.end;
	if (!isWord(tokens[i], 'USING')) throw syntaxErrorNear(tokens[i]);
	if (tokens[i + 1]?.text === '(') throw syntaxErrorNear(tokens[i + 1]);
	const source = readQualifiedName(sql, tokens, i + 1);
	i = source.end;
	let alias: string | undefined;
	if (isWord(tokens[i], 'AS')) i++;
	if (!isWord(tokens[i], 'ON')) {
		alias = sql.slice(tokens[i].start, tokens[i].end);
		i++;
	}
	if (!isWord(tokens[i], 'ON')) throw syntaxErrorNear(tokens[i]);
	const conditionStart = i + 1;
	const whenAt = findTopLevel(tokens, (token) => isWord(token, 'WHEN', 'REMOVE'), conditionStart);
	if (whenAt < 0) throw syntaxErrorNear(undefined);
	const condition = sql.slice(tokens[conditionStart].start, tokens[whenAt - 1].end);
	if (isWord(tokens[whenAt], 'REMOVE')) {
		if (!isWord(tokens[whenAt + 1], 'DUPLICATES')) throw syntaxErrorNear(tokens[whenAt + 1]);
		if (whenAt + 2 < tokens.length) throw syntaxErrorNear(tokens[whenAt + 2]);
		return { target, source, alias, condition, removeDuplicates: true };
	}
	for (let w = whenAt; w >= 0; w = findTopLevel(tokens, (token) => isWord(token, 'WHEN'), w + 1)) {
		const next = isWord(tokens[w + 1], 'NOT') ? w + 2 : w + 1;
		if (!isWord(tokens[next], 'MATCHED')) throw syntaxErrorNear(tokens[next]);
		if (!isWord(tokens[next + 1], 'THEN')) throw syntaxErrorNear(tokens[next + 1]);
		if (!isWord(tokens[next + 2], 'UPDATE', 'DELETE', 'INSERT'))
			throw syntaxErrorNear(tokens[next + 2]);
	}
	return { target, source, alias, condition, removeDuplicates: false };
}

/** Runs a Redshift MERGE on PostgreSQL 15+, with Redshift's error when a target row matches twice. */
export async function runMerge(
	sql: string,
	tokens: Token[],
	session: BackendSession,
): Promise<StatementResult> {
	const shape = parseMerge(sql, tokens);
	const major = await postgresMajor(session);
	if (major < 15) {
		throw new RedshiftError(
			`MERGE is not available: this local Redshift runs on PostgreSQL ${major}, and MERGE needs PostgreSQL 15 or later. Start the local Redshift on PostgreSQL 15+ to use MERGE.`,
			'0A000',
		);
	}
	try {
		return shape.removeDuplicates
			? await removeDuplicates(shape, session)
			: await session.query(sql);
	} catch (error) {
		if ((error as { code?: string }).code === '21000') {
			// PostgreSQL: "MERGE command cannot affect row a second time"
			throw new RedshiftError('Found multiple matches to update the same tuple.', 'XX000');
		}
		throw error;
	}
}

/**
 * Simplified mode: matched target rows (duplicates too) are replaced by the source row, unmatched
 * source rows are inserted. Target and source need the same number of columns, in the same order.
 */
async function removeDuplicates(
	shape: MergeShape,
	session: BackendSession,
): Promise<StatementResult> {
	const counts = await session.query(
		`SELECT (SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped),
		        (SELECT count(*) FROM pg_catalog.pg_attribute WHERE attrelid = $2::regclass AND attnum > 0 AND NOT attisdropped)`,
		[shape.target.text, shape.source.text],
	);
	const [targetColumns, sourceColumns] = counts.rows[0];
	if (targetColumns !== sourceColumns) {
		throw new RedshiftError(
			`MERGE with REMOVE DUPLICATES needs target and source tables with the same number of columns (${targetColumns} and ${sourceColumns})`,
			'42601',
		);
	}
	const source = shape.alias ? `${shape.source.text} AS ${shape.alias}` : shape.source.text;
	return await atomically(session, async () => {
		await session.query(
			`DELETE FROM ${shape.target.text} USING ${source} WHERE ${shape.condition}`,
		);
		const inserted = await session.query(
			`INSERT INTO ${shape.target.text} SELECT * FROM ${shape.source.text}`,
		);
		return { ...inserted, commandTag: `MERGE ${inserted.rowCount ?? 0}` };
	});
}
