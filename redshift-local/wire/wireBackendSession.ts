import { DatabaseError } from 'pg';
import { serialize } from 'pg-protocol';

import type { BackendSession, StatementResult, TransactionStatus } from '../engine/session';
import type { BackendChannel } from './backendChannel';
import {
	decodeCommandComplete,
	decodeDataRow,
	decodeNoticeFields,
	decodeRowDescription,
} from './protocol/backendMessages';

/** node-postgres' error fields, by protocol field code, so handlers see the same errors as over a pg Client. */
const ERROR_FIELDS: Array<[string, keyof DatabaseError]> = [
	['S', 'severity'],
	['C', 'code'],
	['D', 'detail'],
	['H', 'hint'],
	['P', 'position'],
	['p', 'internalPosition'],
	['q', 'internalQuery'],
	['W', 'where'],
	['s', 'schema'],
	['t', 'table'],
	['c', 'column'],
	['d', 'dataType'],
	['n', 'constraint'],
	['F', 'file'],
	['L', 'line'],
	['R', 'routine'],
];

export function toDatabaseError(body: Buffer): DatabaseError {
	const fields = decodeNoticeFields(body);
	const error = new DatabaseError(fields.M ?? 'unknown error', body.length, 'error');
	const target = error as unknown as Record<string, string | undefined>;
	for (const [code, key] of ERROR_FIELDS) target[key] = fields[code];
	return error;
}

/**
 * Parameter values exactly as node-postgres sends them (arrays as array literals, dates with
 * their offset, Buffers as bytes), so a handler sees the same behaviour as over a pg Client.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as {
	prepareValue: (value: unknown) => string | Buffer | null;
};

/** A BoundValue from a client's Bind is already in wire form; anything else is prepared like node-postgres. */
function wireValue(value: unknown): string | Buffer | null {
	if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
	return prepareValue(value);
}

interface Collected {
	result: StatementResult;
	error?: DatabaseError;
}

/**
 * A BackendSession over the client's own backend connection: the engine's statements run in the
 * client's session and transaction. Used only while the front holds the channel (`acquire`).
 */
export class WireBackendSession implements BackendSession {
	constructor(private readonly channel: BackendChannel) {}

	async query(sql: string, params: unknown[] = []): Promise<StatementResult> {
		return await this.queryTyped(sql, params, []);
	}

	/** Like query, with the parameter types a client declared in its Parse message. */
	async queryTyped(
		sql: string,
		params: readonly unknown[],
		types: readonly number[],
	): Promise<StatementResult> {
		if (params.length === 0 && types.length === 0) {
			this.channel.write(serialize.query(sql));
		} else {
			this.channel.write(
				Buffer.concat([
					serialize.parse({ text: sql, types: [...types] }),
					serialize.bind({ values: params.map(wireValue) }),
					serialize.describe({ type: 'P' }),
					serialize.execute(),
					serialize.sync(),
				]),
			);
		}
		const { result, error } = await this.collect();
		if (error) throw error;
		return result;
	}

	async copyFrom(
		copySql: string,
		source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
	): Promise<number> {
		this.channel.write(serialize.query(copySql));
		const first = await this.channel.next();
		if (first.code !== 'G') {
			// Not a COPY FROM STDIN (or it failed at once): read the rest of the answer and report it.
			const { error } = await this.collect(first);
			throw (
				error ??
				new Error(
					`copyFrom expected COPY … FROM STDIN, PostgreSQL did not start a copy for: ${copySql}`,
				)
			);
		}
		let sourceError: unknown;
		try {
			for await (const chunk of source) {
				await this.writeWhenDrained(serialize.copyData(Buffer.from(chunk)));
			}
			this.channel.write(serialize.copyDone());
		} catch (error) {
			sourceError = error;
			this.channel.write(
				serialize.copyFail(`reading the COPY source failed: ${(error as Error).message}`),
			);
		}
		const { result, error } = await this.collect();
		if (sourceError) throw sourceError;
		if (error) throw error;
		return result.rowCount ?? 0;
	}

	transactionStatus(): TransactionStatus {
		return this.channel.status;
	}

	private async writeWhenDrained(data: Buffer): Promise<void> {
		await this.channel.writeAndWait(data);
	}

	/** Reads one request's answer up to ReadyForQuery; the last statement's result wins, as node-postgres does. */
	private async collect(
		firstFrame?: Awaited<ReturnType<BackendChannel['next']>>,
	): Promise<Collected> {
		let result: StatementResult = { commandTag: '', rowCount: null, fields: [], rows: [] };
		const notices: string[] = [];
		let error: DatabaseError | undefined;
		let frame = firstFrame ?? (await this.channel.next());
		for (;;) {
			switch (frame.code) {
				case 'T':
					result = {
						commandTag: '',
						rowCount: null,
						fields: decodeRowDescription(frame.body),
						rows: [],
					};
					break;
				case 'D':
					result.rows.push(decodeDataRow(frame.body));
					break;
				case 'C': {
					// A statement without rows after another one: its result starts empty.
					if (result.commandTag !== '')
						result = { commandTag: '', rowCount: null, fields: [], rows: [] };
					const commandTag = decodeCommandComplete(frame.body);
					const count = /\s(\d+)$/.exec(commandTag);
					result = { ...result, commandTag, rowCount: count ? Number(count[1]) : null };
					break;
				}
				case 'E':
					error = toDatabaseError(frame.body);
					break;
				case 'N':
					notices.push(decodeNoticeFields(frame.body).M ?? '');
					break;
				case 'S':
				case 'A':
					// Parameter changes and notifications belong to the client.
					this.channel.sendToClient(frame.raw);
					break;
				case 'G':
					this.channel.write(
						serialize.copyFail('the local Redshift runs COPY FROM STDIN only through copyFrom'),
					);
					break;
				case 'Z':
					if (notices.length > 0) result.notices = notices;
					return { result, error };
				default:
					break;
			}
			frame = await this.channel.next();
		}
	}
}
