import type { BackendSession } from '../session';

/** One column of the UNLOAD query's result, with the type modifier PostgreSQL knows for it. */
export interface ResultColumn {
	name: string;
	typeOid: number;
	/** atttypmod: -1 when unknown; varchar(n) → n + 4; numeric(p,s) → (p << 16 | s) + 4. */
	typmod: number;
}

/**
 * Describes the query's columns with their type modifiers (varchar length, numeric precision),
 * which MANIFEST VERBOSE and Parquet need and a cursor's row description does not carry through
 * the session. A temporary view inside a savepoint is created and rolled back again, so nothing
 * stays behind. Returns undefined when the query cannot be a view (e.g. duplicate column names).
 */
export async function describeQuery(
	session: BackendSession,
	query: string,
	uniqueName: string,
): Promise<ResultColumn[] | undefined> {
	const savepoint = `${uniqueName}_describe`;
	const view = `${uniqueName}_shape`;
	await session.query(`SAVEPOINT ${savepoint}`);
	try {
		await session.query(`CREATE TEMPORARY VIEW ${view} AS ${query}`);
		const described = await session.query(
			`SELECT attname, atttypid, atttypmod FROM pg_catalog.pg_attribute
			 WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
			[`pg_temp.${view}`],
		);
		return described.rows.map(([name, oid, typmod]) => ({
			name: name ?? '',
			typeOid: Number(oid),
			typmod: Number(typmod),
		}));
	} catch {
		return undefined;
	} finally {
		await session.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
		await session.query(`RELEASE SAVEPOINT ${savepoint}`);
	}
}

/** Columns as a cursor's row description gives them (no type modifiers). */
export function columnsFromFields(
	fields: Array<{ name: string; dataTypeID: number }>,
): ResultColumn[] {
	return fields.map((field) => ({ name: field.name, typeOid: field.dataTypeID, typmod: -1 }));
}

export const OID = {
	bool: 16,
	bytea: 17,
	int8: 20,
	int2: 21,
	int4: 23,
	text: 25,
	json: 114,
	float4: 700,
	float8: 701,
	bpchar: 1042,
	varchar: 1043,
	date: 1082,
	time: 1083,
	timestamp: 1114,
	timestamptz: 1184,
	timetz: 1266,
	numeric: 1700,
	jsonb: 3802,
} as const;
