import { RedshiftError, type BackendSession } from '../session';
import { SYSTEM_SCHEMA } from '../systemSchema';
import type { ColumnAttributes } from './createTable';
import type { TableAttributes } from './tableAttributeClauses';

const S = SYSTEM_SCHEMA;
const TRIGGER_NAME = 'redshift_byte_lengths';
const FINITE_TRIGGER_NAME = 'redshift_finite_values';

/**
 * True when this database has the DDL handler's system objects. A front started with other system
 * DDL still gets the type translation, just nothing recorded and no byte-length check.
 */
export async function systemObjectsReady(session: BackendSession): Promise<boolean> {
	const result = await session.query(
		`SELECT pg_catalog.to_regclass($1) IS NOT NULL AND pg_catalog.to_regprocedure($2) IS NOT NULL`,
		[`${S}.column_attributes`, `${S}.enforce_finite_values()`],
	);
	return result.rows[0]?.[0] === 't';
}

/** A table's OID, or undefined when the name resolves to nothing (quoting and search_path as PostgreSQL applies them). */
export async function tableOid(session: BackendSession, name: string): Promise<string | undefined> {
	const result = await session.query('SELECT pg_catalog.to_regclass($1)::oid', [name]);
	return result.rows[0]?.[0] ?? undefined;
}

interface CatalogColumn {
	number: string;
	name: string;
	typeOid: number;
	typmod: number;
}

async function catalogColumns(session: BackendSession, oid: string): Promise<CatalogColumn[]> {
	const result = await session.query(
		`SELECT attnum, attname, atttypid, atttypmod FROM pg_catalog.pg_attribute
		 WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
		[oid],
	);
	return result.rows.map(([number, name, typeOid, typmod]) => ({
		number: number ?? '',
		name: name ?? '',
		typeOid: Number(typeOid),
		typmod: Number(typmod),
	}));
}

/** Writes the table's recorded attributes (replacing any left from an OID PostgreSQL reused). */
export async function recordAttributes(
	session: BackendSession,
	oid: string,
	attributes: TableAttributes,
	columns: ColumnAttributes[],
): Promise<void> {
	const catalog = await catalogColumns(session, oid);
	const numberOf = new Map(catalog.map((column) => [column.name, column.number]));
	for (const key of [attributes.distkey, ...attributes.sortkeyColumns]) {
		if (key !== undefined && !numberOf.has(key)) {
			throw new RedshiftError(`column "${key}" named in key does not exist`, '42703');
		}
	}
	const diststyle = attributes.diststyle ?? (attributes.distkey ? 'KEY' : 'AUTO');
	const sortkeyStyle =
		attributes.sortkeyColumns.length > 0 ? (attributes.sortkeyStyle ?? 'COMPOUND') : 'AUTO';
	await forgetAttributes(session, [oid]);
	await session.query(
		`INSERT INTO ${S}.table_attributes (table_oid, diststyle, sortkey_style, backup, encode_auto) VALUES ($1, $2, $3, $4, $5)`,
		[
			oid,
			diststyle,
			sortkeyStyle,
			String(attributes.backup ?? true),
			String(attributes.encodeAuto ?? false),
		],
	);
	const encodings = new Map(columns.map((column) => [column.name, column.encoding]));
	for (const column of catalog) {
		const sortIndex = attributes.sortkeyColumns.indexOf(column.name);
		// Interleaved sort key columns alternate sign in pg_table_def.sortkey.
		const position =
			sortIndex < 0
				? 0
				: (sortkeyStyle === 'INTERLEAVED' && sortIndex % 2 === 1 ? -1 : 1) * (sortIndex + 1);
		await session.query(
			`INSERT INTO ${S}.column_attributes (table_oid, column_number, encoding, distkey, sortkey_position) VALUES ($1, $2, $3, $4, $5)`,
			[
				oid,
				column.number,
				encodings.get(column.name) ?? null,
				String(attributes.distkey === column.name),
				String(position),
			],
		);
	}
}

/** The recorded attributes of a table, to inherit with CREATE TABLE … (LIKE parent). */
export async function inheritedAttributes(
	session: BackendSession,
	parentOid: string,
): Promise<{ attributes: TableAttributes; columns: ColumnAttributes[] }> {
	const table = await session.query(
		`SELECT diststyle, sortkey_style, backup, encode_auto FROM ${S}.table_attributes WHERE table_oid = $1`,
		[parentOid],
	);
	const columns = await session.query(
		`SELECT a.attname, c.encoding, c.distkey, c.sortkey_position FROM ${S}.column_attributes c
		 JOIN pg_catalog.pg_attribute a ON a.attrelid = c.table_oid AND a.attnum = c.column_number
		 WHERE c.table_oid = $1 ORDER BY abs(c.sortkey_position)`,
		[parentOid],
	);
	const [diststyle, sortkeyStyle, backup, encodeAuto] = table.rows[0] ?? [];
	const rows = columns.rows.map(([name, encoding, distkey, position]) => ({
		name: name ?? '',
		encoding: encoding ?? undefined,
		distkey: distkey === 't',
		position: Number(position),
	}));
	return {
		attributes: {
			diststyle: (diststyle ?? undefined) as TableAttributes['diststyle'],
			distkey: rows.find((row) => row.distkey)?.name,
			sortkeyStyle: (sortkeyStyle ?? undefined) as TableAttributes['sortkeyStyle'],
			sortkeyColumns: rows.filter((row) => row.position !== 0).map((row) => row.name),
			backup: backup === undefined || backup === null ? undefined : backup === 't',
			encodeAuto: encodeAuto === 't',
		},
		columns: rows.map((row) => ({
			name: row.name,
			encoding: row.encoding,
			distkey: row.distkey,
			sortkey: row.position !== 0,
		})),
	};
}

export async function forgetAttributes(session: BackendSession, oids: string[]): Promise<void> {
	if (oids.length === 0) return;
	// An array literal, not a JS array: fronts encode parameters differently (OIDs are digits only).
	const list = `{${oids.join(',')}}`;
	await session.query(`DELETE FROM ${S}.column_attributes WHERE table_oid = ANY($1::oid[])`, [
		list,
	]);
	await session.query(`DELETE FROM ${S}.table_attributes WHERE table_oid = ANY($1::oid[])`, [list]);
}

function quoteLiteral(text: string): string {
	return `'${text.replace(/'/g, "''")}'`;
}

/**
 * (Re)creates the trigger that makes VARCHAR(n) and CHAR(n) count bytes, with Redshift's error
 * "value too long for type character varying(n)". PostgreSQL itself still rejects values longer
 * than n characters, with the same message.
 */
export async function enforceByteLengths(session: BackendSession, oid: string): Promise<void> {
	const columns = (await catalogColumns(session, oid)).filter(
		(column) => column.typeOid === 1043 || column.typeOid === 1042,
	);
	const table = (await session.query('SELECT $1::oid::regclass::text', [oid])).rows[0][0] ?? '';
	await session.query(`DROP TRIGGER IF EXISTS ${TRIGGER_NAME} ON ${table}`);
	const limited = columns.filter((column) => column.typmod > 4);
	if (limited.length === 0) return;
	const args = limited.flatMap((column) => [
		quoteLiteral(column.name),
		quoteLiteral(String(column.typmod - 4)),
		quoteLiteral(column.typeOid === 1043 ? 'character varying' : 'character'),
	]);
	await session.query(
		`CREATE TRIGGER ${TRIGGER_NAME} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW ` +
			`EXECUTE FUNCTION ${S}.enforce_byte_lengths(${args.join(', ')})`,
	);
}

/** Types whose PostgreSQL values include ones Redshift cannot store (infinity, NaN). */
const FINITE_TYPES: ReadonlyMap<number, string> = new Map([
	[1082, 'date'],
	[1114, 'timestamp'],
	[1184, 'timestamp with time zone'],
	[1700, 'numeric'],
]);

/**
 * (Re)creates the trigger that refuses what PostgreSQL stores and Redshift cannot: 'infinity' and
 * '-infinity' in DATE, TIMESTAMP and TIMESTAMPTZ (DG r_Datetime_types: 4713 BC to 294276 AD), 'NaN'
 * and infinity in NUMERIC (DG r_Numeric_types201). Without it a product bug would pass here and
 * fail on Redshift.
 */
export async function enforceFiniteValues(session: BackendSession, oid: string): Promise<void> {
	const columns = (await catalogColumns(session, oid)).filter((column) =>
		FINITE_TYPES.has(column.typeOid),
	);
	const table = (await session.query('SELECT $1::oid::regclass::text', [oid])).rows[0][0] ?? '';
	await session.query(`DROP TRIGGER IF EXISTS ${FINITE_TRIGGER_NAME} ON ${table}`);
	if (columns.length === 0) return;
	const args = columns.flatMap((column) => [
		quoteLiteral(column.name),
		quoteLiteral(FINITE_TYPES.get(column.typeOid) ?? ''),
	]);
	await session.query(
		`CREATE TRIGGER ${FINITE_TRIGGER_NAME} BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW ` +
			`EXECUTE FUNCTION ${S}.enforce_finite_values(${args.join(', ')})`,
	);
}
