import {
	backoffDelayMs,
	dateFromPostgresMicros,
	encodeStandbyStatus,
	parseReplicationFrame,
	postgresMicros,
	startReplicationSql,
} from '../../../nodes/shared/cdc/replication';
import { statusForAcknowledged } from '../../../nodes/shared/cdc/replication/framing';

/** CopyBoth framing of the streaming replication protocol, byte by byte. */
describe('replication framing', () => {
	it('parses XLogData: start, end, server time and the payload after 25 header bytes', () => {
		const frame = Buffer.from(
			'77' + '000000010000002a' + '00000001000000ff' + '0002bb8d5a3c1f40' + '42' + '00000010',
			'hex',
		);
		const parsed = parseReplicationFrame(frame);
		expect(parsed).toEqual({
			kind: 'xlogData',
			wal: {
				walStart: 0x1_0000_002an,
				walEnd: 0x1_0000_00ffn,
				serverTime: 0x0002bb8d5a3c1f40n,
				data: Buffer.from('4200000010', 'hex'),
			},
		});
	});

	it('parses a primary keepalive and its reply request flag', () => {
		const ask = Buffer.from('6b' + '0000000000abcdef' + '0000000000000001' + '01', 'hex');
		const silent = Buffer.from('6b' + '0000000000abcdef' + '0000000000000001' + '00', 'hex');
		expect(parseReplicationFrame(ask)).toEqual({
			kind: 'keepalive',
			keepalive: { walEnd: 0xabcdefn, serverTime: 1n, replyRequested: true },
		});
		expect(parseReplicationFrame(silent)).toMatchObject({ keepalive: { replyRequested: false } });
	});

	it('skips unknown frame kinds and refuses truncated known ones', () => {
		expect(parseReplicationFrame(Buffer.from('7a0102', 'hex'))).toEqual({
			kind: 'unknown',
			code: 0x7a,
		});
		expect(() => parseReplicationFrame(Buffer.from('77000000', 'hex'))).toThrow(
			/XLogData frame of 4 bytes is too short/,
		);
		expect(() => parseReplicationFrame(Buffer.from('6b00', 'hex'))).toThrow(
			/keepalive frame of 2 bytes/,
		);
	});

	it('encodes a 34-byte standby status update with write, flush, apply, clock and reply flag', () => {
		const encoded = encodeStandbyStatus({
			write: 0x10n,
			flush: 0x20n,
			apply: 0x30n,
			clientTime: 0x0102030405060708n,
			replyRequested: true,
		});
		expect(encoded.toString('hex')).toBe(
			'72' +
				'0000000000000010' +
				'0000000000000020' +
				'0000000000000030' +
				'0102030405060708' +
				'01',
		);
	});

	it('reports the acknowledged position in all three fields and the clock since 2000-01-01', () => {
		const now = new Date('2026-11-21T12:00:00.123Z');
		const status = statusForAcknowledged(0x2_0000_0010n, now);
		expect(status).toEqual({
			write: 0x2_0000_0010n,
			flush: 0x2_0000_0010n,
			apply: 0x2_0000_0010n,
			clientTime: postgresMicros(now),
			replyRequested: false,
		});
		expect(postgresMicros(new Date('2000-01-01T00:00:00Z'))).toBe(0n);
		expect(postgresMicros(new Date('2000-01-01T00:00:01Z'))).toBe(1_000_000n);
		expect(dateFromPostgresMicros(postgresMicros(now)).toISOString()).toBe(now.toISOString());
	});

	it('builds START_REPLICATION for pgoutput v1 with quoted slot and publication names', () => {
		expect(
			startReplicationSql({
				slotName: 'n8n_slot',
				publicationNames: ['pub'],
				startLsn: 0n,
				messages: true,
			}),
		).toBe(
			`START_REPLICATION SLOT "n8n_slot" LOGICAL 0/0 (proto_version '1', publication_names '"pub"', messages 'true')`,
		);
		expect(
			startReplicationSql({
				slotName: 's',
				publicationNames: ["it's", 'a"b'],
				startLsn: 0x16_b374_d848n,
				messages: false,
			}),
		).toBe(
			`START_REPLICATION SLOT "s" LOGICAL 16/B374D848 (proto_version '1', publication_names '"it''s","a""b"')`,
		);
		expect(() =>
			startReplicationSql({ slotName: 's', publicationNames: [], startLsn: 0n, messages: true }),
		).toThrow(/at least one publication/);
	});

	it('backs off exponentially with jitter in the upper half, capped', () => {
		const options = { initialDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 5 };
		expect(backoffDelayMs(1, options, () => 0)).toBe(50);
		expect(backoffDelayMs(1, options, () => 1)).toBe(100);
		expect(backoffDelayMs(3, options, () => 1)).toBe(400);
		expect(backoffDelayMs(10, options, () => 1)).toBe(1_000);
		expect(backoffDelayMs(10, options, () => 0)).toBe(500);
	});
});

describe('ReplicationStream lifecycle', () => {
	it('refuses to start after close and ends iteration without hanging', async () => {
		const { ReplicationStream } = await import('../../../nodes/shared/cdc/replication');
		const stream = new ReplicationStream({
			connection: { host: '127.0.0.1', port: 1, database: 'x', user: 'x', password: 'x' },
			slotName: 'never_used',
			publicationNames: ['p'],
		});
		await stream.close();
		await expect(stream.start()).rejects.toThrow(
			'The replication stream was closed before streaming started.',
		);
		expect(await stream.next()).toEqual({ done: true, value: undefined });
	});
});
