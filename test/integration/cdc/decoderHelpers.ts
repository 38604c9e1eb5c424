import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

import {
	TransactionAssembler,
	type AssembledTransaction,
	type AssemblerOptions,
} from '../../../nodes/shared/cdc/envelope';
import type { CdcSource } from '../../../nodes/shared/cdc/changeEvent';
import { decodePgoutput, parseLsn, type PgoutputMessage } from '../../../nodes/shared/cdc/pgoutput';

export interface DecodedChange {
	/** The lsn column of pg_logical_slot_get_binary_changes. */
	lsn: string;
	message: PgoutputMessage;
}

/** A logical slot read through the SQL interface, the way a walsender would stream it (protocol 1, messages on). */
export class SqlSlot {
	readonly name = `decoder_${randomBytes(5).toString('hex')}`;

	constructor(
		private readonly client: Client,
		private readonly publication: string,
	) {}

	async create(): Promise<void> {
		await this.client.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [
			this.name,
		]);
	}

	/** Consumes everything committed since the last call, decoded. */
	async changes(): Promise<DecodedChange[]> {
		const { rows } = await this.client.query<{ lsn: string; data: Buffer }>(
			"SELECT lsn::text AS lsn, data FROM pg_logical_slot_get_binary_changes($1, NULL, NULL, 'proto_version', '1', 'publication_names', $2, 'messages', 'true')",
			[this.name, this.publication],
		);
		return rows.map((row) => ({ lsn: row.lsn, message: decodePgoutput(row.data) }));
	}
}

export function assemble(
	changes: DecodedChange[],
	assembler: TransactionAssembler,
): AssembledTransaction[];
export function assemble(
	changes: DecodedChange[],
	options?: AssemblerOptions,
): AssembledTransaction[];
export function assemble(
	changes: DecodedChange[],
	assemblerOrOptions: TransactionAssembler | AssemblerOptions = {},
): AssembledTransaction[] {
	const assembler =
		assemblerOrOptions instanceof TransactionAssembler
			? assemblerOrOptions
			: // Row-level checks: without the tables' firstSight descriptions (unless a test asks for them).
				new TransactionAssembler({ schemaEvents: false, ...assemblerOrOptions });
	const done: AssembledTransaction[] = [];
	for (const { lsn, message } of changes) {
		const transaction = assembler.push(parseLsn(lsn), message);
		if (transaction) done.push(transaction);
	}
	return done;
}

/** The LSNs the server reported for the messages of one kind, in order. */
export function lsnsOf(changes: DecodedChange[], tag: PgoutputMessage['tag']): string[] {
	return changes.filter((change) => change.message.tag === tag).map((change) => change.lsn);
}

/** Runs statements in one transaction; returns its xid and its start time as the server saw them. */
export async function inTransaction(
	client: Client,
	statements: string[],
): Promise<{ xid: number; startedAt: number }> {
	await client.query('BEGIN');
	try {
		const { rows } = await client.query<{ xid: string; started: Date }>(
			'SELECT pg_current_xact_id()::text AS xid, now() AS started',
		);
		for (const statement of statements) await client.query(statement);
		await client.query('COMMIT');
		// xid8 carries the epoch in its high half; pgoutput sends the 32-bit xid.
		return {
			xid: Number(BigInt(rows[0].xid) & 0xffff_ffffn),
			startedAt: rows[0].started.getTime(),
		};
	} catch (error) {
		await client.query('ROLLBACK');
		throw error;
	}
}

/** The source of a streamed change, for exact comparisons. */
export function streamedSource(
	fields: Pick<
		CdcSource,
		'lsn' | 'commitLsn' | 'txId' | 'ts_ms' | 'schema' | 'table' | 'eventIndex'
	>,
): CdcSource {
	return { ...fields, snapshot: false };
}
