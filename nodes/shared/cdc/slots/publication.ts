import type { Client } from 'pg';

import {
	ALL_OPERATIONS,
	addTablesSql,
	createPublicationForSchemaSql,
	createPublicationForTablesSql,
	dropPublicationSql,
	dropTablesSql,
	setPublishSql,
	setSchemaSql,
	setViaPartitionRootSql,
	type PublishedOperation,
} from './publicationSql';
import {
	partitionedAmong,
	partitionsPublishedAsAncestor,
	partitionsPublishedByName,
} from './partitions';
import { tableKey, type TableRef } from './tables';
import { asError } from '../replication/errors';

/** Which tables a managed publication covers. */
export type PublicationTarget =
	| { kind: 'tables'; tables: TableRef[] }
	| { kind: 'schema'; schema: string };

export interface PublicationSpec {
	name: string;
	target: PublicationTarget;
	operations: PublishedOperation[];
}

export interface PublicationInfo {
	name: string;
	allTables: boolean;
	operations: PublishedOperation[];
	/** Every table the publication publishes now (explicit, via schema, or all tables). */
	tables: TableRef[];
	/** Tables listed by name (not via a schema). */
	explicitTables: TableRef[];
	/** Schemas published as a whole (PG 15+). */
	schemas: string[];
	/**
	 * publish_via_partition_root: partitions' changes come under the partitioned table's name. Without
	 * it they come under each partition's own name, which the user did not select.
	 */
	viaPartitionRoot: boolean;
}

/** The statements ensurePublication ran (empty when the publication already matched). */
export interface PublicationChange {
	created: boolean;
	statements: string[];
}

export async function readPublication(
	sql: Client,
	name: string,
): Promise<PublicationInfo | undefined> {
	const publication = await sql.query<{
		puballtables: boolean;
		pubinsert: boolean;
		pubupdate: boolean;
		pubdelete: boolean;
		pubtruncate: boolean;
		pubviaroot: boolean;
	}>(
		'SELECT puballtables, pubinsert, pubupdate, pubdelete, pubtruncate, pubviaroot FROM pg_publication WHERE pubname = $1',
		[name],
	);
	if (publication.rows.length === 0) return undefined;
	const flags = publication.rows[0];
	const operations = ALL_OPERATIONS.filter(
		(operation) =>
			({
				insert: flags.pubinsert,
				update: flags.pubupdate,
				delete: flags.pubdelete,
				truncate: flags.pubtruncate,
			})[operation],
	);
	const tables = await sql.query<{ schemaname: string; tablename: string }>(
		'SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = $1 ORDER BY 1, 2',
		[name],
	);
	const explicit = await sql.query<{ nspname: string; relname: string }>(
		`SELECT n.nspname, c.relname
		   FROM pg_publication_rel pr
		   JOIN pg_publication p ON p.oid = pr.prpubid
		   JOIN pg_class c ON c.oid = pr.prrelid
		   JOIN pg_namespace n ON n.oid = c.relnamespace
		  WHERE p.pubname = $1
		  ORDER BY 1, 2`,
		[name],
	);
	const schemas = (await hasPublicationNamespaces(sql))
		? (
				await sql.query<{ nspname: string }>(
					`SELECT n.nspname
					   FROM pg_publication_namespace pn
					   JOIN pg_publication p ON p.oid = pn.pnpubid
					   JOIN pg_namespace n ON n.oid = pn.pnnspid
					  WHERE p.pubname = $1
					  ORDER BY 1`,
					[name],
				)
			).rows.map((row) => row.nspname)
		: [];
	return {
		name,
		allTables: flags.puballtables,
		operations,
		tables: tables.rows.map((row) => ({ schema: row.schemaname, table: row.tablename })),
		explicitTables: explicit.rows.map((row) => ({ schema: row.nspname, table: row.relname })),
		schemas,
		viaPartitionRoot: flags.pubviaroot,
	};
}

/**
 * Creates the publication, or brings an existing one up to date: adds and removes tables, follows
 * the schema, and publishes exactly the chosen operations. Runs in one transaction.
 * "All tables of a schema" uses FOR TABLES IN SCHEMA on PG 15+ when the user is a superuser (it
 * requires that; new tables then join by themselves). Otherwise (PG 14, or not a superuser) the
 * schema's current tables are listed and the list is refreshed on every call.
 */
export async function ensurePublication(
	sql: Client,
	spec: PublicationSpec,
): Promise<PublicationChange> {
	const statements: string[] = [];
	const run = async (statement: string) => {
		statements.push(statement);
		await sql.query(statement);
	};
	const followsSchema = spec.target.kind === 'schema' && (await canPublishSchemas(sql));
	await sql.query('BEGIN');
	try {
		const existing = await readPublication(sql, spec.name);
		let created = false;
		if (!existing) {
			created = true;
			if (followsSchema && spec.target.kind === 'schema') {
				await run(createPublicationForSchemaSql(spec.name, spec.target.schema, spec.operations));
			} else {
				await run(
					createPublicationForTablesSql(
						spec.name,
						await wantedTables(sql, spec.target),
						spec.operations,
					),
				);
			}
		} else {
			if (existing.allTables) {
				throw new Error(
					`Publication "${spec.name}" publishes ALL TABLES and cannot be narrowed; choose "use an existing publication" or another publication name.`,
				);
			}
			if (followsSchema && spec.target.kind === 'schema') {
				if (
					existing.explicitTables.length > 0 ||
					existing.schemas.join('\u0000') !== spec.target.schema
				) {
					await run(setSchemaSql(spec.name, spec.target.schema));
				}
			} else {
				await syncTables(existing, await wantedTables(sql, spec.target), spec.name, run);
			}
			if (!sameOperations(existing.operations, spec.operations))
				await run(setPublishSql(spec.name, spec.operations));
			if (!existing.viaPartitionRoot) await run(setViaPartitionRootSql(spec.name));
		}
		await sql.query('COMMIT');
		return { created, statements };
	} catch (error) {
		await sql.query('ROLLBACK').catch(() => {});
		throw publicationError(error, spec.name);
	}
}

/**
 * For "use an existing publication": checks that it exists, covers the tables and publishes the
 * operations wanted; throws naming each thing that is missing and what to do.
 */
export async function verifyPublication(
	sql: Client,
	name: string,
	wanted: {
		tables?: TableRef[];
		operations?: PublishedOperation[];
		/** Capturing a whole schema: only its partitions matter for publish_via_partition_root. */
		schema?: string;
	} = {},
): Promise<PublicationInfo> {
	const info = await readPublication(sql, name);
	if (!info) {
		throw new Error(
			`Publication "${name}" does not exist in this database. Create it (CREATE PUBLICATION "${name}" FOR TABLE …) or let the trigger create and manage it.`,
		);
	}
	const problems: string[] = [];
	const partitions = await partitionNameProblems(sql, info, wanted);
	// A partitioned table listed by name is published even when pg_publication_tables shows its
	// partitions; a partition published as its ancestor has its own problem below.
	const published = new Set(
		[...info.tables, ...info.explicitTables, ...partitions.asAncestor].map(tableKey),
	);
	const missing = (wanted.tables ?? []).filter((table) => !published.has(tableKey(table)));
	if (missing.length > 0 && !info.allTables) {
		problems.push(
			`it does not publish ${missing.map((table) => `${table.schema}.${table.table}`).join(', ')} (ALTER PUBLICATION "${name}" ADD TABLE …)`,
		);
	}
	const absentOperations = (wanted.operations ?? []).filter(
		(operation) => !info.operations.includes(operation),
	);
	if (absentOperations.length > 0) {
		problems.push(
			`it does not publish ${absentOperations.join(', ')} (ALTER PUBLICATION "${name}" SET (publish = '…'))`,
		);
	}
	problems.push(...partitions.problems);
	if (problems.length > 0)
		throw new Error(`Publication "${name}" does not fit: ${problems.join('; ')}.`);
	return info;
}

/**
 * Partition changes that would arrive under a name other than the table chosen here. Refused rather
 * than mapped back to the root at run time: a map taken at activation misses partitions attached
 * later, and events would carry the partitions' names and definitions to the workflow. With
 * publish_via_partition_root PostgreSQL itself sends every partition's change as the root's.
 */
async function partitionNameProblems(
	sql: Client,
	info: PublicationInfo,
	wanted: { tables?: TableRef[]; schema?: string },
): Promise<{ problems: string[]; asAncestor: TableRef[] }> {
	if (info.viaPartitionRoot) {
		const underAncestor = await partitionsPublishedAsAncestor(sql, info.name, wanted.tables ?? []);
		return {
			problems: underAncestor.map(
				({ partition, ancestor }) =>
					`it publishes the changes of partition ${partition.schema}.${partition.table} as ${ancestor.schema}.${ancestor.table} (publish_via_partition_root), so they would not match the table chosen here (select ${ancestor.schema}.${ancestor.table} instead)`,
			),
			asAncestor: underAncestor.map(({ partition }) => partition),
		};
	}
	const byOwnName = wanted.tables
		? (await partitionedAmong(sql, wanted.tables)).map(
				(table) => `partitioned table ${table.schema}.${table.table}`,
			)
		: (await partitionsPublishedByName(sql, info.name, wanted.schema)).map(
				(table) => `partition ${table.schema}.${table.table}`,
			);
	const problems =
		byOwnName.length === 0
			? []
			: [
					`it publishes the changes of ${byOwnName.join(', ')} under each partition's own name, so they would not match the tables chosen here (${setViaPartitionRootSql(info.name)})`,
				];
	return { problems, asAncestor: [] };
}

export async function dropPublication(sql: Client, name: string): Promise<void> {
	await sql.query(dropPublicationSql(name));
}

async function syncTables(
	existing: PublicationInfo,
	wanted: TableRef[],
	name: string,
	run: (statement: string) => Promise<void>,
): Promise<void> {
	if (existing.schemas.length > 0) {
		throw new Error(
			`Publication "${name}" publishes whole schemas (${existing.schemas.join(', ')}); a table list cannot be kept in it. Use another publication name.`,
		);
	}
	const current = new Set(existing.explicitTables.map(tableKey));
	const target = new Set(wanted.map(tableKey));
	const toAdd = wanted.filter((table) => !current.has(tableKey(table)));
	const toDrop = existing.explicitTables.filter((table) => !target.has(tableKey(table)));
	if (toAdd.length > 0) await run(addTablesSql(name, toAdd));
	if (toDrop.length > 0) await run(dropTablesSql(name, toDrop));
}

async function wantedTables(sql: Client, target: PublicationTarget): Promise<TableRef[]> {
	if (target.kind === 'tables') {
		if (target.tables.length === 0) throw new Error('Choose at least one table to capture.');
		return target.tables;
	}
	const { rows } = await sql.query<{ relname: string }>(
		`SELECT c.relname
		   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		  WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
		  ORDER BY 1`,
		[target.schema],
	);
	return rows.map((row) => ({ schema: target.schema, table: row.relname }));
}

async function hasPublicationNamespaces(sql: Client): Promise<boolean> {
	const { rows } = await sql.query<{ version: string }>(
		"SELECT current_setting('server_version_num') AS version",
	);
	return Number(rows[0].version) >= 150_000;
}

/** FOR TABLES IN SCHEMA exists from PG 15 and needs a superuser. */
async function canPublishSchemas(sql: Client): Promise<boolean> {
	const { rows } = await sql.query<{ able: boolean }>(
		"SELECT current_setting('server_version_num')::int >= 150000 AND current_setting('is_superuser') = 'on' AS able",
	);
	return rows[0].able;
}

function sameOperations(
	a: readonly PublishedOperation[],
	b: readonly PublishedOperation[],
): boolean {
	return a.length === new Set(b).size && b.every((operation) => a.includes(operation));
}

function publicationError(error: unknown, name: string): Error {
	const candidate = error as { code?: string; message?: string };
	const message = candidate?.message ?? String(error);
	if (candidate?.code === '42501') {
		return new Error(
			`Cannot create or change publication "${name}": ${message}. The user needs CREATE on the database and must own the published tables; or create the publication as an owner and choose "use an existing publication".`,
		);
	}
	if (candidate?.code === '42P01') {
		return new Error(
			`Cannot publish a table for "${name}": ${message}. Check the schema and table names.`,
		);
	}
	return asError(error);
}
