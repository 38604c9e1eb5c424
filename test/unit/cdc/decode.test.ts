import {
	decodePgoutput,
	formatLsn,
	PgoutputDecodeError,
	type PgoutputMessage,
	type RelationMessage,
	type TupleValue,
} from '../../../nodes/shared/cdc/pgoutput';
import { capturedByMajor, type CapturedMessage } from './fixtures';

const INT4 = 23;
const TEXT = 25;
const NUMERIC = 1700;
const NUMERIC_10_2 = ((10 << 16) | 2) + 4;
const BIG_TEXT_LENGTH = 400 * 32;

function decodeAll(messages: CapturedMessage[]): PgoutputMessage[] {
	return messages.map((message) => decodePgoutput(message.data));
}

function only<T extends PgoutputMessage['tag']>(
	messages: PgoutputMessage[],
	tag: T,
): Array<Extract<PgoutputMessage, { tag: T }>> {
	return messages.filter(
		(message): message is Extract<PgoutputMessage, { tag: T }> => message.tag === tag,
	);
}

function text(value: string): TupleValue {
	return { kind: 'text', value };
}

describe.each(capturedByMajor)(
	'decodePgoutput on bytes captured from PostgreSQL %i',
	(_major, scenarios) => {
		it('decodes a transaction: Begin, Type, Relation, Insert, Commit', () => {
			const messages = decodeAll(scenarios.insertWithEnumType);
			expect(messages.map((message) => message.tag)).toEqual([
				'begin',
				'type',
				'relation',
				'insert',
				'commit',
			]);
			const [begin, type, relation, insert, commit] = messages as [
				Extract<PgoutputMessage, { tag: 'begin' }>,
				Extract<PgoutputMessage, { tag: 'type' }>,
				RelationMessage,
				Extract<PgoutputMessage, { tag: 'insert' }>,
				Extract<PgoutputMessage, { tag: 'commit' }>,
			];
			expect(type).toEqual({
				tag: 'type',
				typeOid: expect.any(Number),
				schema: 'public',
				name: 'fx_status',
			});
			expect(relation).toEqual({
				tag: 'relation',
				relationOid: insert.relationOid,
				schema: 'public',
				name: 'fx_orders',
				replicaIdentity: 'd',
				columns: [
					{ isKey: true, name: 'id', typeOid: INT4, typeModifier: -1 },
					{ isKey: false, name: 'status', typeOid: type.typeOid, typeModifier: -1 },
					{ isKey: false, name: 'amount', typeOid: NUMERIC, typeModifier: NUMERIC_10_2 },
					{ isKey: false, name: 'note', typeOid: TEXT, typeModifier: -1 },
				],
			});
			expect(insert.newTuple).toEqual([text('1'), text('open'), text('12.50'), text('first')]);
			expect(begin.finalLsn).toBe(commit.commitLsn);
			expect(commit.endLsn).toBeGreaterThan(commit.commitLsn);
			expect(formatLsn(commit.endLsn)).toBe(scenarios.insertWithEnumType[4].lsn);
			expect(commit.flags).toBe(0);
			expect(commit.commitTimeMicros).toBe(begin.commitTimeMicros);
			expect(begin.commitTime.getTime()).toBe(commit.commitTime.getTime());
			// The capture ran minutes ago, not in 2000 (epoch) or in the future.
			expect(begin.commitTime.getUTCFullYear()).toBeGreaterThanOrEqual(2024);
			expect(begin.xid).toBeGreaterThan(0);
		});

		it('decodes updates without an old tuple and with a key-only old tuple', () => {
			const [plain] = only(decodeAll(scenarios.updateWithoutKeyChange), 'update');
			expect(plain).toEqual({
				tag: 'update',
				relationOid: plain.relationOid,
				newTuple: [text('1'), text('open'), text('12.50'), text('second')],
			});
			const [keyChange] = only(decodeAll(scenarios.updateWithKeyChange), 'update');
			expect(keyChange.oldTupleKind).toBe('key');
			expect(keyChange.oldTuple).toEqual([
				text('1'),
				{ kind: 'null' },
				{ kind: 'null' },
				{ kind: 'null' },
			]);
			expect(keyChange.newTuple).toEqual([text('2'), text('open'), text('12.50'), text('second')]);
		});

		it('decodes REPLICA IDENTITY FULL: all columns are key, old tuple sent, unchanged TOAST marked', () => {
			const messages = decodeAll(scenarios.updateIdentityFullWithUnchangedToast);
			const [relation] = only(messages, 'relation');
			expect(relation.replicaIdentity).toBe('f');
			expect(relation.columns.map((column) => column.isKey)).toEqual([true, true, true]);
			const [insert] = only(messages, 'insert');
			const big = insert.newTuple[1] as { kind: 'text'; value: string };
			expect(big.value).toHaveLength(BIG_TEXT_LENGTH);
			const [update] = only(messages, 'update');
			expect(update.oldTupleKind).toBe('old');
			expect(update.oldTuple).toEqual([text('1'), big, text('a')]);
			expect(update.newTuple).toEqual([text('1'), { kind: 'unchangedToast' }, text('b')]);
		});

		it('marks an unchanged TOAST value under the default replica identity', () => {
			const [update] = only(decodeAll(scenarios.updateDefaultIdentityWithUnchangedToast), 'update');
			expect(update.oldTuple).toBeUndefined();
			expect(update.newTuple).toEqual([
				text('3'),
				text('closed'),
				{ kind: 'null' },
				{ kind: 'unchangedToast' },
			]);
		});

		it('decodes deletes with key-only and full old tuples', () => {
			const [byKey] = only(decodeAll(scenarios.deleteDefaultIdentity), 'delete');
			expect(byKey).toEqual({
				tag: 'delete',
				relationOid: byKey.relationOid,
				oldTupleKind: 'key',
				oldTuple: [text('2'), { kind: 'null' }, { kind: 'null' }, { kind: 'null' }],
			});
			const [full] = only(decodeAll(scenarios.deleteIdentityFull), 'delete');
			expect(full.oldTupleKind).toBe('old');
			expect(full.oldTuple.map((value) => value.kind)).toEqual(['text', 'text', 'text']);
			expect(full.oldTuple[2]).toEqual(text('b'));
		});

		it('decodes SQL NULL columns', () => {
			const [insert] = only(decodeAll(scenarios.nullValue), 'insert');
			expect(insert.newTuple).toEqual([
				text('4'),
				text('open'),
				{ kind: 'null' },
				{ kind: 'null' },
			]);
		});

		it('decodes a truncate of two tables with CASCADE and RESTART IDENTITY', () => {
			const messages = decodeAll(scenarios.truncateTwoTables);
			const relations = only(messages, 'relation');
			const [truncate] = only(messages, 'truncate');
			expect(truncate).toEqual({
				tag: 'truncate',
				cascade: true,
				restartIdentity: true,
				relationOids: expect.arrayContaining(relations.map((relation) => relation.relationOid)),
			});
			expect(truncate.relationOids).toHaveLength(2);
		});

		it('decodes transactional and non-transactional logical messages', () => {
			const captured = scenarios.logicalMessages;
			const messages = decodeAll(captured);
			expect(messages.map((message) => message.tag)).toEqual([
				'begin',
				'message',
				'commit',
				'message',
			]);
			const [transactional, standalone] = only(messages, 'message');
			expect(transactional.transactional).toBe(true);
			expect(transactional.prefix).toBe('fx_prefix');
			expect(transactional.content.toString('utf8')).toBe('transactional content');
			expect(formatLsn(transactional.lsn)).toBe(captured[1].lsn);
			expect(standalone.transactional).toBe(false);
			expect(standalone.prefix).toBe('fx_heartbeat');
			expect(standalone.content.toString('utf8')).toBe('ping');
			expect(formatLsn(standalone.lsn)).toBe(captured[3].lsn);
		});

		it('decodes an Origin message and the origin commit timestamp', () => {
			const messages = decodeAll(scenarios.origin);
			const [origin] = only(messages, 'origin');
			expect(origin).toEqual({ tag: 'origin', originLsn: 0xabcdefn, name: 'fx_origin' });
			const [begin] = only(messages, 'begin');
			expect(begin.commitTime.toISOString()).toBe('2024-01-02T03:04:05.000Z');
		});

		it('returns unknown kinds from protocol 2 streaming (captured where the server streamed)', () => {
			for (const message of decodeAll(scenarios.streamedTransactionProtocol2)) {
				expect(message.tag).toBe('unknown');
			}
			expect(
				decodeAll(scenarios.streamedTransactionProtocol2).map(
					(message) => 'kind' in message && message.kind,
				),
			).toEqual(
				scenarios.streamedTransactionProtocol2.map((message) =>
					String.fromCharCode(message.data[0]),
				),
			);
		});
	},
);

describe('decodePgoutput on hand-made bytes', () => {
	it('skips a stray Stream Abort (PG 18 to protocol-1 clients) and other unknown kinds', () => {
		const streamAbort = Buffer.from('410000002a0000002a', 'hex');
		expect(decodePgoutput(streamAbort)).toEqual({ tag: 'unknown', kind: 'A' });
		expect(decodePgoutput(Buffer.from('62', 'hex'))).toEqual({ tag: 'unknown', kind: 'b' });
		expect(decodePgoutput(Buffer.from([0xff, 1, 2]))).toEqual({ tag: 'unknown', kind: '\u00ff' });
	});

	it('decodes a binary tuple column as bytes', () => {
		const insert = Buffer.concat([
			Buffer.from('I', 'latin1'),
			Buffer.from('00004005', 'hex'),
			Buffer.from('N', 'latin1'),
			Buffer.from('0001', 'hex'),
			Buffer.from('b', 'latin1'),
			Buffer.from('00000004', 'hex'),
			Buffer.from('0000002a', 'hex'),
		]);
		const message = decodePgoutput(insert);
		expect(message).toEqual({
			tag: 'insert',
			relationOid: 0x4005,
			newTuple: [{ kind: 'binary', value: Buffer.from('0000002a', 'hex') }],
		});
	});

	it('reads OIDs and xids above 2^31 as unsigned', () => {
		const begin = Buffer.from('42' + '0000000100000002' + '0000000000000000' + 'fffffffe', 'hex');
		expect(decodePgoutput(begin)).toMatchObject({
			tag: 'begin',
			finalLsn: 0x100000002n,
			xid: 0xfffffffe,
		});
	});
});

describe('decodePgoutput on malformed bytes', () => {
	const [, pg16] = capturedByMajor[1];
	const insert = pg16.insertWithEnumType[3].data;
	const relation = pg16.insertWithEnumType[2].data;

	function decodeError(data: Buffer): PgoutputDecodeError {
		try {
			decodePgoutput(data);
		} catch (error) {
			if (error instanceof PgoutputDecodeError) return error;
			throw error;
		}
		throw new Error('expected decodePgoutput to throw');
	}

	it('names the kind and the offset when a message is cut short', () => {
		const error = decodeError(insert.subarray(0, insert.length - 3));
		expect(error.messageKind).toBe('Insert (I)');
		// The last value ('first', 5 bytes) starts 5 bytes before the end; only 2 of them remain.
		expect(error.offset).toBe(insert.length - 5);
		expect(error.message).toContain('Malformed pgoutput Insert (I) message at byte');
		expect(error.message).toContain('column 4 text');
	});

	it('fails on a Begin shorter than its fixed fields', () => {
		const error = decodeError(Buffer.from('420000', 'hex'));
		expect(error.messageKind).toBe('Begin (B)');
		expect(error.offset).toBe(1);
		expect(error.message).toContain('final LSN');
	});

	it('fails on a string without its NUL terminator', () => {
		const error = decodeError(relation.subarray(0, 10));
		expect(error.messageKind).toBe('Relation (R)');
		expect(error.message).toContain('namespace has no terminating NUL');
	});

	it('fails on an unknown tuple column kind, at the byte that holds it', () => {
		const corrupt = Buffer.from(insert);
		const firstKind = 1 + 4 + 1 + 2;
		corrupt[firstKind] = 'x'.charCodeAt(0);
		const error = decodeError(corrupt);
		expect(error.offset).toBe(firstKind);
		expect(error.message).toContain("tuple column 1 has kind 'x'");
	});

	it('fails on a wrong tuple marker and on trailing bytes', () => {
		const wrongMarker = Buffer.from(insert);
		wrongMarker[5] = 'K'.charCodeAt(0);
		expect(decodeError(wrongMarker).message).toContain(
			"expected new tuple marker 'N' but found 'K'",
		);
		expect(decodeError(Buffer.concat([insert, Buffer.from([0])])).message).toContain(
			'1 unexpected trailing byte',
		);
	});

	it('fails on an empty message and on an invalid replica identity', () => {
		expect(decodeError(Buffer.alloc(0)).message).toContain('the message has no bytes');
		const corrupt = Buffer.from(relation);
		const identityAt = 1 + 4 + 'public\0fx_orders\0'.length;
		corrupt[identityAt] = 'z'.charCodeAt(0);
		const error = decodeError(corrupt);
		expect(error.offset).toBe(identityAt);
		expect(error.message).toContain("replica identity 'z'");
	});

	it('fails on a negative value length', () => {
		const corrupt = Buffer.from(insert);
		corrupt.writeInt32BE(-5, 1 + 4 + 1 + 2 + 1);
		expect(decodeError(corrupt).message).toContain('negative value length -5');
	});
});
