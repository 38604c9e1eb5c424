import { RedshiftError, type BackendSession, type StatementResult } from '../session';
import { checkTypeChange, parseTypeChange } from './alterColumnType';
import { atomically } from './atomically';
import { applyEdits, planColumn, type ColumnAttributes, type Edit } from './createTable';
import {
	enforceByteLengths,
	enforceFiniteValues,
	inheritedAttributes,
	recordAttributes,
	systemObjectsReady,
	tableOid,
} from './recordAttributes';
import { makeKeysInformational } from './informationalKeys';
import { ENCODINGS } from './redshiftTypes';
import { isWord, readQualifiedName, type QualifiedName, type Token } from '../sqlTokens';
import { columnName, parseTableAttribute, type TableAttributes } from './tableAttributeClauses';

export function isAlterTable(tokens: Token[]): boolean {
	return isWord(tokens[0], 'ALTER') && isWord(tokens[1], 'TABLE');
}

const done = (commandTag: string): StatementResult => ({
	commandTag,
	rowCount: null,
	fields: [],
	rows: [],
});

/**
 * The ALTER TABLE forms that touch what Redshift records (DG r_ALTER_TABLE.md): ALTER DISTSTYLE /
 * DISTKEY / SORTKEY / ENCODE and ALTER COLUMN … ENCODE only change the record; ADD COLUMN,
 * ALTER COLUMN … TYPE, RENAME COLUMN and DROP COLUMN run on PostgreSQL (types translated) and
 * refresh the byte-length check. Other forms (RENAME TO, OWNER, …) go to PostgreSQL unchanged.
 */
export async function alterTable(
	sql: string,
	tokens: Token[],
	session: BackendSession,
): Promise<StatementResult | undefined> {
	let i = 2;
	if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'EXISTS')) i += 2;
	const table = readQualifiedName(sql, tokens, i);
	i = table.end;
	const action = tokens[i];
	const recordOnly =
		isWord(action, 'ALTER') && !isWord(tokens[i + 1], 'COLUMN') && isRecordOnly(tokens[i + 1]);
	const columnEncoding =
		isWord(action, 'ALTER') && isWord(tokens[i + 1], 'COLUMN') && isWord(tokens[i + 3], 'ENCODE');
	if ((recordOnly || columnEncoding) && !(await systemObjectsReady(session))) {
		throw new RedshiftError(
			'ALTER TABLE … ALTER DISTSTYLE/DISTKEY/SORTKEY/ENCODE needs the local Redshift system schema',
			'55000',
		);
	}
	if (recordOnly) {
		return await atomically(session, () => alterRecord(session, table, tokens, i + 1));
	}
	if (columnEncoding) {
		return await atomically(session, () => alterColumnEncoding(session, table, tokens, i + 2));
	}
	const edits: Edit[] = [];
	let added: ColumnAttributes | undefined;
	let addsKey = false;
	const constraintAt = isWord(tokens[i + 1], 'CONSTRAINT') ? i + 3 : i + 1;
	if (isWord(action, 'ADD') && isWord(tokens[constraintAt], 'FOREIGN')) {
		// Informational on Redshift, and PostgreSQL cannot reference an informational key: accepted, not kept.
		await existingTable(session, table);
		return done('ALTER TABLE');
	} else if (isWord(action, 'ADD') && isWord(tokens[constraintAt], 'PRIMARY', 'UNIQUE')) {
		addsKey = true;
	} else if (
		isWord(action, 'ADD') &&
		!isWord(tokens[i + 1], 'CONSTRAINT', 'PRIMARY', 'UNIQUE', 'FOREIGN', 'CHECK')
	) {
		const from = isWord(tokens[i + 1], 'COLUMN') ? i + 2 : i + 1;
		refuseAddColumnAttributes(tokens, from);
		added = planColumn(sql, tokens, from, tokens.length, edits);
	} else if (isWord(action, 'ALTER') && parseTypeChange(sql, tokens, i) !== undefined) {
		const change = parseTypeChange(sql, tokens, i)!;
		await checkTypeChange(session, table, change);
		edits.push({ start: change.start, end: change.end, replacement: change.postgresType });
	} else if (
		!(isWord(action, 'RENAME') && !isWord(tokens[i + 1], 'TO')) &&
		!isWord(action, 'DROP')
	) {
		return undefined;
	}
	if (!(await systemObjectsReady(session))) {
		return edits.length > 0 ? await session.query(applyEdits(sql, edits)) : undefined;
	}
	return await atomically(session, async () => {
		const result = await session.query(applyEdits(sql, edits));
		const oid = await tableOid(session, table.text);
		if (!oid) return result;
		if (added?.encoding || added?.distkey || added?.sortkey) {
			const current = await inheritedAttributes(session, oid);
			await recordAttributes(session, oid, current.attributes, [...current.columns, added]);
		}
		await enforceByteLengths(session, oid);
		await enforceFiniteValues(session, oid);
		if (addsKey) await makeKeysInformational(session, oid);
		return result;
	});
}

function isRecordOnly(token: Token | undefined): boolean {
	return isWord(token, 'DISTSTYLE', 'DISTKEY', 'SORTKEY', 'COMPOUND', 'INTERLEAVED', 'ENCODE');
}

async function alterRecord(
	session: BackendSession,
	table: QualifiedName,
	tokens: Token[],
	at: number,
): Promise<StatementResult> {
	const oid = await existingTable(session, table);
	const current = await inheritedAttributes(session, oid);
	const change: TableAttributes = { sortkeyColumns: [] };
	let i = at;
	if (isWord(tokens[i], 'DISTKEY') && tokens[i + 1]?.text !== '(') {
		change.distkey = columnName(tokens[i + 1]);
		i += 2;
	} else if (isWord(tokens[i], 'SORTKEY') && isWord(tokens[i + 1], 'NONE')) {
		change.sortkeyStyle = 'AUTO';
		current.attributes.sortkeyColumns = [];
		i += 2;
	} else {
		const next = parseTableAttribute(tokens, i, change);
		if (next === undefined)
			throw new RedshiftError(`syntax error at or near "${tokens[i]?.text ?? ''}"`, '42601');
		i = next;
		// ALTER DISTSTYLE KEY DISTKEY col
		if (isWord(tokens[i], 'DISTKEY')) {
			change.distkey = columnName(tokens[i + 1]);
			i += 2;
		}
	}
	const merged = { ...current.attributes };
	if (change.diststyle) {
		merged.diststyle = change.diststyle;
		if (change.diststyle !== 'KEY') merged.distkey = undefined;
	}
	if (change.distkey) {
		merged.distkey = change.distkey;
		merged.diststyle = 'KEY';
	}
	if (change.sortkeyStyle) {
		merged.sortkeyStyle = change.sortkeyStyle;
		merged.sortkeyColumns = change.sortkeyColumns;
	}
	if (change.encodeAuto) merged.encodeAuto = true;
	await recordAttributes(session, oid, merged, current.columns);
	return done('ALTER TABLE');
}

async function alterColumnEncoding(
	session: BackendSession,
	table: QualifiedName,
	tokens: Token[],
	at: number,
): Promise<StatementResult> {
	const oid = await existingTable(session, table);
	const name = columnName(tokens[at]);
	const encoding = tokens[at + 2]?.text.toLowerCase() ?? '';
	if (!ENCODINGS.has(encoding))
		throw new RedshiftError(`invalid encoding type "${encoding}" for column "${name}"`, '42704');
	const current = await inheritedAttributes(session, oid);
	const columns = current.columns.map((column) =>
		column.name === name ? { ...column, encoding } : column,
	);
	if (!columns.some((column) => column.name === name))
		columns.push({ name, encoding, distkey: false, sortkey: false });
	await recordAttributes(session, oid, current.attributes, columns);
	return done('ALTER TABLE');
}

async function existingTable(session: BackendSession, table: QualifiedName): Promise<string> {
	const oid = await tableOid(session, table.text);
	if (!oid) throw new RedshiftError(`relation "${table.parts.join('.')}" does not exist`, '42P01');
	return oid;
}

/**
 * ADD COLUMN cannot make the new column a DISTKEY or SORTKEY, nor give it UNIQUE, PRIMARY KEY,
 * REFERENCES or IDENTITY (DG r_ALTER_TABLE, ADD COLUMN). Messages worded here.
 */
function refuseAddColumnAttributes(tokens: Token[], from: number): void {
	for (let i = from + 1; i < tokens.length; i++) {
		const token = tokens[i];
		if (isWord(token, 'DISTKEY', 'SORTKEY')) {
			throw new RedshiftError(
				`ALTER TABLE ADD COLUMN cannot add a ${token.value} column; recreate the table to change its keys`,
				'0A000',
			);
		}
		if (isWord(token, 'UNIQUE', 'PRIMARY', 'REFERENCES', 'IDENTITY', 'GENERATED')) {
			throw new RedshiftError(
				`ALTER TABLE ADD COLUMN does not support ${token.value === 'GENERATED' ? 'IDENTITY' : token.value === 'PRIMARY' ? 'PRIMARY KEY' : token.value} on the new column`,
				'0A000',
			);
		}
	}
}
