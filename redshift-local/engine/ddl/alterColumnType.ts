import { RedshiftError, type BackendSession } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';
import { closingParen, isWord, type QualifiedName, type Token } from '../sqlTokens';
import { postgresType } from './redshiftTypes';
import { systemObjectsReady, tableOid } from './recordAttributes';
import { columnName } from './tableAttributeClauses';

/** Encodings whose columns cannot change size (DG r_ALTER_TABLE.md, ALTER COLUMN … TYPE). */
const FIXED_SIZE_ENCODINGS = new Set(['bytedict', 'runlength', 'text255', 'text32k']);

const VARCHAR_TYPE = /^varchar\((\d+)\)$/;

/** `ALTER [COLUMN] c [SET DATA] TYPE t [USING …]`, parsed from the action's first token. */
export interface TypeChange {
	column: string;
	/** The new type as PostgreSQL stores it (Redshift names translated). */
	postgresType: string;
	/** Where the type is written in the statement, to put the translation in its place. */
	start: number;
	end: number;
	using: boolean;
}

export function parseTypeChange(
	sql: string,
	tokens: Token[],
	action: number,
): TypeChange | undefined {
	let i = action + 1;
	if (isWord(tokens[i], 'COLUMN')) i++;
	const columnToken = tokens[i];
	i++;
	if (isWord(tokens[i], 'SET') && isWord(tokens[i + 1], 'DATA')) i += 2;
	if (!columnToken || !isWord(tokens[i], 'TYPE')) return undefined;
	const at = i + 1;
	const words: string[] = [];
	let args: string | undefined;
	i = at;
	while (i < tokens.length && tokens[i].kind === 'word' && !isWord(tokens[i], 'USING', 'COLLATE')) {
		words.push(tokens[i].text.toLowerCase());
		i++;
	}
	if (tokens[i]?.text === '(') {
		const close = closingParen(tokens, i);
		args = sql.slice(tokens[i].end, tokens[close].start);
		i = close + 1;
	}
	if (i === at) return undefined;
	const written = sql.slice(tokens[at].start, tokens[i - 1].end);
	return {
		column: columnName(columnToken),
		postgresType: postgresType(written, words, args),
		start: tokens[at].start,
		end: tokens[i - 1].end,
		using: tokens.slice(i).some((token) => isWord(token, 'USING')),
	};
}

interface ColumnFacts {
	type: string;
	hasDefault: boolean;
	inKey: boolean;
	encoding?: string;
}

/**
 * Redshift changes a column's type only to resize a VARCHAR, outside a transaction block, and not
 * for a column with a BYTEDICT/RUNLENGTH/TEXT255/TEXT32K encoding or in a key, nor below the longest
 * value it holds (DG r_ALTER_TABLE.md). Throws Redshift's error when the change is not allowed.
 */
export async function checkTypeChange(
	session: BackendSession,
	table: QualifiedName,
	change: TypeChange,
): Promise<void> {
	if (change.using) {
		throw new RedshiftError('ALTER TABLE ALTER COLUMN does not support USING expression', '0A000');
	}
	if (session.transactionStatus() !== 'idle') {
		throw new RedshiftError(
			'ALTER TABLE ALTER COLUMN cannot run inside a transaction block',
			'25001',
		);
	}
	const oid = await tableOid(session, table.text);
	if (!oid) throw new RedshiftError(`relation "${table.parts.join('.')}" does not exist`, '42P01');
	const facts = await columnFacts(session, oid, change.column);
	const current = VARCHAR_TYPE.exec(facts.type.replace('character varying', 'varchar'));
	const wanted = VARCHAR_TYPE.exec(change.postgresType);
	if (!current || !wanted) {
		throw new RedshiftError(
			`ALTER TABLE ALTER COLUMN TYPE only changes the size of a VARCHAR column: column "${change.column}" is ${facts.type}, the new type is ${change.postgresType}; to change the type, add a new column, copy the values and drop the old one`,
			'0A000',
		);
	}
	if (facts.encoding && FIXED_SIZE_ENCODINGS.has(facts.encoding)) {
		throw new RedshiftError(
			`cannot alter the size of column "${change.column}": its encoding ${facts.encoding.toUpperCase()} does not allow it`,
			'0A000',
		);
	}
	if (facts.inKey) {
		throw new RedshiftError(
			`cannot alter the type of column "${change.column}": it is part of a UNIQUE, PRIMARY KEY or FOREIGN KEY constraint`,
			'0A000',
		);
	}
	const size = Number(wanted[1]);
	if (size >= Number(current[1])) return;
	if (facts.hasDefault) {
		throw new RedshiftError('cannot decrease a VARCHAR column size with default value', '0A000');
	}
	const longest = await session.query(
		`SELECT coalesce(max(octet_length(${quoteName(change.column)})), 0) FROM ${table.text}`,
	);
	if (Number(longest.rows[0]?.[0] ?? 0) > size) {
		throw new RedshiftError(
			'target column size should be greater or equal to current maximum column size',
			'0A000',
		);
	}
}

async function columnFacts(
	session: BackendSession,
	oid: string,
	column: string,
): Promise<ColumnFacts> {
	const encoding = (await systemObjectsReady(session))
		? `(SELECT ca.encoding FROM ${SYSTEM_SCHEMA}.column_attributes ca WHERE ca.table_oid = a.attrelid AND ca.column_number = a.attnum)`
		: 'NULL';
	const result = await session.query(
		`SELECT pg_catalog.format_type(a.atttypid, a.atttypmod), a.atthasdef,
			EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
				WHERE c.conrelid = a.attrelid AND a.attnum = ANY (c.conkey) AND c.contype IN ('p', 'u', 'f')),
			${encoding}
		 FROM pg_catalog.pg_attribute a
		 WHERE a.attrelid = $1 AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped`,
		[oid, column],
	);
	const row = result.rows[0];
	if (!row) throw new RedshiftError(`column "${column}" does not exist`, '42703');
	return {
		type: row[0] ?? '',
		hasDefault: row[1] === 't',
		inKey: row[2] === 't',
		encoding: row[3] ?? undefined,
	};
}

function quoteName(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}
