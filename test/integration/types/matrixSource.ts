import type { IDataObject } from 'n8n-workflow';
import { Client } from 'pg';

import type { ChangeEvent } from '../../../nodes/shared/loads';
import type { PostgresConnection } from '../../support/embeddedPostgres';
import { startTrigger, TEST_TUNING, type StartedTrigger } from '../cdc/triggerTestSupport';
import { CASES, COLUMNS, ENUM_DDL, type TypeCase } from './typeCases';

/** The source table of the matrix. */
export const SOURCE_TABLE = 'matrix';

/** Where a case's rows live: its snapshot row, its streamed insert, and its streamed update. */
export const ROW_OFFSETS = { snapshot: 1, insert: 1001, update: 2001 } as const;
export type RowKind = keyof typeof ROW_OFFSETS;

export const rowId = (kind: RowKind, caseIndex: number): number => ROW_OFFSETS[kind] + caseIndex;

/** Which case and path a row id belongs to. */
export function caseOfRow(id: number): { kind: RowKind; index: number } {
	for (const kind of ['update', 'insert', 'snapshot'] as const) {
		if (id >= ROW_OFFSETS[kind]) return { kind, index: id - ROW_OFFSETS[kind] };
	}
	throw new Error(`Row id ${id} belongs to no case.`);
}

export interface CapturedEvents {
	/** The snapshot's events: the table's description (reason snapshot), op r rows, snapshotEnd. */
	snapshot: ChangeEvent[];
	/** The streamed events: the description on first sight, op c inserts, op u updates. */
	streamed: ChangeEvent[];
	/** PostgreSQL's text output of every non-NULL case value, by row id. */
	sourceText: Map<number, string>;
	/** The source server's major version. */
	serverMajor: number;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function insertCases(client: Client, kind: RowKind): Promise<void> {
	for (const [index, typeCase] of CASES.entries()) {
		try {
			await client.query(
				`INSERT INTO ${SOURCE_TABLE} (id, ${quote(typeCase.column)}) VALUES ($1, $2)`,
				[rowId(kind, index), typeCase.input],
			);
		} catch (error) {
			await client.query('ROLLBACK');
			throw new Error(
				`The source refused case ${index} (${typeCase.column} = ${JSON.stringify(typeCase.input?.slice(0, 40))}): ${(error as Error).message}`,
			);
		}
	}
}

/** Runs are acknowledged as they come; returns their items once `done` says enough arrived. */
async function collectUntil(
	trigger: StartedTrigger,
	from: number,
	done: (items: IDataObject[]) => boolean,
): Promise<{ items: IDataObject[]; runs: number }> {
	const items: IDataObject[] = [];
	let index = from;
	while (!done(items)) {
		const run = (await trigger.harness.waitForRuns(index + 1))[index];
		items.push(...run.items.map((item) => item.json));
		run.succeed();
		index += 1;
	}
	return { items, runs: index };
}

const countOp = (items: IDataObject[], op: string): number =>
	items.filter((item) => item.op === op).length;

/**
 * Creates the source table, fills it, and captures the real Postgres CDC Trigger's items (text
 * value mode, the default): the initial snapshot, then one transaction of inserts and one of
 * updates that set each case's value on an all-NULL snapshot row.
 */
export async function captureMatrixEvents(
	client: Client,
	connection: PostgresConnection,
	slotName: string,
	keep: (trigger: StartedTrigger) => void,
): Promise<CapturedEvents> {
	await client.query(ENUM_DDL);
	const columns = COLUMNS.map((column) => `${quote(column.name)} ${column.type}`).join(', ');
	await client.query(`CREATE TABLE ${SOURCE_TABLE} (id integer PRIMARY KEY, ${columns})`);
	await client.query('BEGIN');
	await insertCases(client, 'snapshot');
	for (const index of CASES.keys()) {
		await client.query(`INSERT INTO ${SOURCE_TABLE} (id) VALUES ($1)`, [rowId('update', index)]);
	}
	await client.query('COMMIT');

	const trigger = await startTrigger(
		connection,
		{
			capture: 'tables',
			tables: [`public.${SOURCE_TABLE}`],
			start: 'snapshot',
			batching: 'rows',
			maxRows: 10_000,
			options: {
				slotName,
				publicationName: slotName,
				maxWaitMs: 200,
				acknowledge: 'afterSuccess',
				heartbeatSeconds: 0,
			},
		},
		{ staticData: {} },
		{ ...TEST_TUNING, snapshotChunkRows: 1_000 },
	);
	keep(trigger);
	const snapshot = await collectUntil(trigger, 0, (items) => countOp(items, 'snapshotEnd') > 0);

	await client.query('BEGIN');
	await insertCases(client, 'insert');
	await client.query('COMMIT');
	await client.query('BEGIN');
	for (const [index, typeCase] of CASES.entries()) {
		await client.query(`UPDATE ${SOURCE_TABLE} SET ${quote(typeCase.column)} = $2 WHERE id = $1`, [
			rowId('update', index),
			typeCase.input,
		]);
	}
	await client.query('COMMIT');
	const streamed = await collectUntil(
		trigger,
		snapshot.runs,
		(items) => countOp(items, 'c') >= CASES.length && countOp(items, 'u') >= CASES.length,
	);

	const sourceText = await sourceTexts(connection);
	const { rows: version } = await client.query<{ num: string }>(
		"SELECT current_setting('server_version_num') AS num",
	);
	return {
		snapshot: snapshot.items as unknown as ChangeEvent[],
		streamed: streamed.items as unknown as ChangeEvent[],
		sourceText,
		serverMajor: Math.floor(Number(version[0].num) / 10_000),
	};
}

/**
 * PostgreSQL's text output of every case value, by row id: read with the type's output function
 * (no parsing in the client), not a ::text cast, which prints booleans as 'true', drops
 * character(n)'s padding and adds inet's mask.
 */
async function sourceTexts(connection: PostgresConnection): Promise<Map<number, string>> {
	const { host, port, user, password, database } = connection;
	const raw = new Client({
		host,
		port,
		user,
		password,
		database,
		types: { getTypeParser: () => (value: string) => value },
	});
	await raw.connect();
	try {
		const texts = new Map<number, string>();
		const { rows } = await raw.query<Record<string, string | null>>(
			`SELECT * FROM ${SOURCE_TABLE}`,
		);
		for (const row of rows) {
			const id = Number(row.id);
			const { index } = caseOfRow(id);
			const value = row[CASES[index].column];
			if (value !== null && value !== undefined) texts.set(id, value);
		}
		return texts;
	} finally {
		await raw.end();
	}
}

/** The case a row event carries, when it is one of the matrix's rows. */
export function caseOfEvent(
	event: ChangeEvent,
): { kind: RowKind; index: number; typeCase: TypeCase } | undefined {
	const id = Number((event.after ?? event.before ?? {}).id);
	if (!Number.isInteger(id)) return undefined;
	const { kind, index } = caseOfRow(id);
	return { kind, index, typeCase: CASES[index] };
}
