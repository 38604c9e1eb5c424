/**
 * The source tables, one per awkward shape the pipeline must carry:
 * - parted: a partitioned table (rows move between partitions when their region changes);
 * - nokey: no primary key, REPLICA IDENTITY USING INDEX on a unique index over NOT NULL columns;
 * - fullident: REPLICA IDENTITY FULL with NULLs in its non-key columns (and the table the workload TRUNCATEs);
 * - wide: text values over 8 KB stored out of line (TOAST), updated with and without them changing.
 * Primary-key changes happen on every table; a column is added to two of them mid-stream.
 */
export interface SourceTable {
	name: string;
	/** The columns that identify a row (the primary key, or the replica identity index). */
	keys: string[];
}

export const SOURCE_TABLES: SourceTable[] = [
	{ name: 'parted', keys: ['id', 'region'] },
	{ name: 'nokey', keys: ['a', 'b'] },
	{ name: 'fullident', keys: ['id'] },
	{ name: 'wide', keys: ['id'] },
];

export const SOURCE_DDL: string[] = [
	'CREATE TABLE parted (id int NOT NULL, region int NOT NULL, qty int, label text, PRIMARY KEY (id, region)) PARTITION BY LIST (region)',
	'CREATE TABLE parted_r0 PARTITION OF parted FOR VALUES IN (0)',
	'CREATE TABLE parted_r1 PARTITION OF parted FOR VALUES IN (1)',
	'CREATE TABLE parted_r2 PARTITION OF parted FOR VALUES IN (2)',
	'CREATE TABLE nokey (a int NOT NULL, b text NOT NULL, payload text, amount numeric(12,2))',
	'CREATE UNIQUE INDEX nokey_a_b ON nokey (a, b)',
	'ALTER TABLE nokey REPLICA IDENTITY USING INDEX nokey_a_b',
	'CREATE TABLE fullident (id int PRIMARY KEY, tags text, score int, note text)',
	'ALTER TABLE fullident REPLICA IDENTITY FULL',
	'CREATE TABLE wide (id int PRIMARY KEY, small int, doc text)',
	// EXTERNAL: stored out of line uncompressed, so every doc over ~2 KB is a TOAST value.
	'ALTER TABLE wide ALTER COLUMN doc SET STORAGE EXTERNAL',
];

/** The schema change made mid-stream (once per scenario). */
export const ADD_COLUMN_DDL: string[] = [
	'ALTER TABLE wide ADD COLUMN added_note text',
	'ALTER TABLE fullident ADD COLUMN added_score int',
];

export const CAPTURED_TABLES = SOURCE_TABLES.map((table) => `public.${table.name}`);
