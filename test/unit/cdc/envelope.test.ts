import {
	RelationCache,
	RelationKeys,
	snapshotReadEvent,
	textRowToCdcRow,
	TransactionAssembler,
	type AssembledTransaction,
} from '../../../nodes/shared/cdc/envelope';
import { eventKeyColumns } from '../../../nodes/shared/cdc/keys/catalogKeys';
import {
	decodePgoutput,
	formatLsn,
	parseLsn,
	type PgoutputMessage,
} from '../../../nodes/shared/cdc/pgoutput';
import { UNCHANGED_TOAST } from '../../../nodes/shared/cdc/changeEvent';
import { capturedByMajor, type CapturedMessage } from './fixtures';

function assemble(
	assembler: TransactionAssembler,
	captured: CapturedMessage[],
): AssembledTransaction[] {
	const done: AssembledTransaction[] = [];
	for (const { lsn, data } of captured) {
		const result = assembler.push(parseLsn(lsn), decodePgoutput(data));
		if (result) done.push(result);
	}
	return done;
}

function beginOf(captured: CapturedMessage[]): Extract<PgoutputMessage, { tag: 'begin' }> {
	return decodePgoutput(captured[0].data) as Extract<PgoutputMessage, { tag: 'begin' }>;
}

const BIG_TEXT_LENGTH = 400 * 32;

/** For tests about row events: no table descriptions in between. */
const rowsOnly = (options: ConstructorParameters<typeof TransactionAssembler>[0] = {}) =>
	new TransactionAssembler({ ...options, schemaEvents: false });

describe.each(capturedByMajor)(
	'TransactionAssembler on bytes captured from PostgreSQL %i',
	(_major, scenarios) => {
		it('turns an insert into one c event with the full source', () => {
			const captured = scenarios.insertWithEnumType;
			const [transaction] = assemble(new TransactionAssembler(), captured);
			const begin = beginOf(captured);
			const commitLsn = captured[captured.length - 1].lsn;
			expect(transaction).toEqual({
				kind: 'transaction',
				xid: begin.xid,
				ackLsn: parseLsn(commitLsn),
				commitTime: begin.commitTime,
				definitions: captured.slice(1, 3).map(({ data }) => decodePgoutput(data)),
				events: [
					{
						op: 'schema',
						before: null,
						after: null,
						key: null,
						source: {
							lsn: captured[2].lsn,
							commitLsn,
							txId: begin.xid,
							ts_ms: begin.commitTime.getTime(),
							schema: 'public',
							table: 'fx_orders',
							snapshot: false,
							eventIndex: 0,
						},
						schemaChange: expect.objectContaining({ reason: 'firstSight', table: 'fx_orders' }),
					},
					{
						op: 'c',
						before: null,
						after: { id: '1', status: 'open', amount: '12.50', note: 'first' },
						key: { id: '1' },
						source: {
							lsn: captured[3].lsn,
							commitLsn,
							txId: begin.xid,
							ts_ms: begin.commitTime.getTime(),
							schema: 'public',
							table: 'fx_orders',
							snapshot: false,
							eventIndex: 1,
						},
					},
				],
			});
		});

		it('converts values natively on request', () => {
			const [transaction] = assemble(
				rowsOnly({ valueMode: 'native' }),
				scenarios.insertWithEnumType,
			);
			expect(transaction.events[0].after).toEqual({
				id: 1,
				status: 'open',
				amount: '12.50',
				note: 'first',
			});
			expect(transaction.events[0].key).toEqual({ id: 1 });
		});

		it('gives updates no before without an old tuple, and only the old key when the key changed', () => {
			const [plain] = assemble(rowsOnly(), scenarios.updateWithoutKeyChange);
			expect(
				plain.events.map(({ op, before, after, key }) => ({ op, before, after, key })),
			).toEqual([
				{
					op: 'u',
					before: null,
					after: { id: '1', status: 'open', amount: '12.50', note: 'second' },
					key: { id: '1' },
				},
			]);
			const [keyChange] = assemble(rowsOnly(), scenarios.updateWithKeyChange);
			expect(
				keyChange.events.map(({ op, before, after, key }) => ({ op, before, after, key })),
			).toEqual([
				{
					op: 'u',
					before: { id: '1' },
					after: { id: '2', status: 'open', amount: '12.50', note: 'second' },
					key: { id: '2' },
				},
			]);
		});

		it('fills an unchanged TOAST value from the old row under REPLICA IDENTITY FULL', () => {
			const [insert, update] = assemble(rowsOnly(), scenarios.updateIdentityFullWithUnchangedToast);
			const big = insert.events[0].after?.big;
			expect(typeof big === 'string' && big.length).toBe(BIG_TEXT_LENGTH);
			const [event] = update.events;
			expect(event.before).toEqual({ id: '1', big, small: 'a' });
			expect(event.after).toEqual({ id: '1', big, small: 'b' });
			expect(event.unchangedToastColumns).toBeUndefined();
			// Every column is part of a FULL replica identity unless the caller names the key.
			expect(event.key).toEqual({ id: '1', big, small: 'b' });
			const [, withPrimaryKey] = assemble(
				rowsOnly({
					keyColumns: (relation) => (relation.name === 'fx_full' ? ['id'] : undefined),
				}),
				scenarios.updateIdentityFullWithUnchangedToast,
			);
			expect(withPrimaryKey.events[0].key).toEqual({ id: '1' });
		});

		it('marks an unchanged TOAST value it cannot know with the placeholder and lists the column', () => {
			const [, update] = assemble(rowsOnly(), scenarios.updateDefaultIdentityWithUnchangedToast);
			expect(update.events[0]).toMatchObject({
				op: 'u',
				before: null,
				after: { id: '3', status: 'closed', amount: null, note: UNCHANGED_TOAST },
				unchangedToastColumns: ['note'],
			});
		});

		it('turns deletes into d events with the key or the full old row', () => {
			const [byKey] = assemble(rowsOnly(), scenarios.deleteDefaultIdentity);
			expect(byKey.events[0]).toMatchObject({
				op: 'd',
				before: { id: '2' },
				after: null,
				key: { id: '2' },
			});
			const [full] = assemble(rowsOnly(), scenarios.deleteIdentityFull);
			const before = full.events[0].before;
			expect(full.events[0]).toMatchObject({
				op: 'd',
				after: null,
				before: { id: '1', small: 'b' },
			});
			expect(Object.keys(before ?? {})).toEqual(['id', 'big', 'small']);
		});

		it('turns a truncate of two tables into one t event per table', () => {
			const captured = scenarios.truncateTwoTables;
			const [transaction] = assemble(rowsOnly(), captured);
			const truncateLsn = captured[4].lsn;
			expect(transaction.events).toHaveLength(2);
			expect(
				transaction.events.map((event) => [event.op, event.source.table, event.source.lsn]),
			).toEqual(
				expect.arrayContaining([
					['t', 'fx_orders', truncateLsn],
					['t', 'fx_full', truncateLsn],
				]),
			);
			for (const [index, event] of transaction.events.entries()) {
				expect(event).toMatchObject({
					before: null,
					after: null,
					key: null,
					truncate: { cascade: true, restartIdentity: true },
					source: { eventIndex: index },
				});
			}
		});

		it('emits transactional messages inside their transaction and others on their own', () => {
			const captured = scenarios.logicalMessages;
			const now = new Date('2030-01-01T00:00:00Z');
			const [transaction, standalone] = assemble(
				new TransactionAssembler({ now: () => now }),
				captured,
			);
			const begin = beginOf(captured);
			expect(transaction.events).toEqual([
				{
					op: 'm',
					before: null,
					after: null,
					key: null,
					message: { prefix: 'fx_prefix', content: 'transactional content', transactional: true },
					source: {
						lsn: captured[1].lsn,
						commitLsn: captured[2].lsn,
						txId: begin.xid,
						ts_ms: begin.commitTime.getTime(),
						schema: null,
						table: null,
						snapshot: false,
						eventIndex: 0,
					},
				},
			]);
			expect(standalone).toEqual({
				kind: 'message',
				xid: null,
				ackLsn: parseLsn(captured[3].lsn),
				commitTime: now,
				definitions: [],
				events: [
					{
						op: 'm',
						before: null,
						after: null,
						key: null,
						message: { prefix: 'fx_heartbeat', content: 'ping', transactional: false },
						source: {
							lsn: captured[3].lsn,
							commitLsn: captured[3].lsn,
							txId: null,
							ts_ms: now.getTime(),
							schema: null,
							table: null,
							snapshot: false,
							eventIndex: 0,
						},
					},
				],
			});
		});

		it('records the replication origin of a transaction', () => {
			const [transaction] = assemble(rowsOnly(), scenarios.origin);
			expect(transaction.events[0].source.origin).toBe('fx_origin');
		});

		it('skips unknown message kinds', () => {
			const assembler = new TransactionAssembler();
			expect(assemble(assembler, scenarios.streamedTransactionProtocol2)).toEqual([]);
			expect(assembler.inTransaction).toBe(false);
		});
	},
);

describe('TransactionAssembler state and schema changes', () => {
	const [, pg16] = capturedByMajor[1];
	const relationOf = (name: string) =>
		pg16[name]
			.map(({ data }) => decodePgoutput(data))
			.find((message) => message.tag === 'relation') as Extract<
			PgoutputMessage,
			{ tag: 'relation' }
		>;
	const begin = (xid: number): PgoutputMessage => ({
		tag: 'begin',
		finalLsn: 0x100n,
		commitTime: new Date('2024-05-06T07:08:09.123Z'),
		commitTimeMicros: 0n,
		xid,
	});
	const commit = (endLsn: bigint): PgoutputMessage => ({
		tag: 'commit',
		flags: 0,
		commitLsn: endLsn - 8n,
		endLsn,
		commitTime: new Date('2024-05-06T07:08:09.123Z'),
		commitTimeMicros: 0n,
	});
	/** An insert of NULLs into every column of the relation. */
	const insertInto = (relation: { relationOid: number; columns: unknown[] }): PgoutputMessage => ({
		tag: 'insert',
		relationOid: relation.relationOid,
		newTuple: relation.columns.map(() => ({ kind: 'null' as const })),
	});

	it('emits a schema event where a changed Relation arrives and decodes later tuples against it', () => {
		const orders = relationOf('insertWithEnumType');
		const assembler = new TransactionAssembler();
		assembler.push(1n, begin(10));
		assembler.push(2n, orders);
		assembler.push(2n, {
			tag: 'insert',
			relationOid: orders.relationOid,
			newTuple: [
				{ kind: 'text', value: '1' },
				{ kind: 'text', value: 'open' },
				{ kind: 'null' },
				{ kind: 'text', value: 'n' },
			],
		});
		expect(assembler.push(3n, commit(0x200n))?.events.map((event) => event.op)).toEqual([
			'schema',
			'c',
		]);

		const withoutNote = {
			...orders,
			columns: orders.columns.filter((column) => column.name !== 'note'),
		};
		assembler.push(4n, begin(11));
		assembler.push(5n, withoutNote);
		assembler.push(5n, {
			tag: 'insert',
			relationOid: orders.relationOid,
			newTuple: [{ kind: 'text', value: '2' }, { kind: 'text', value: 'open' }, { kind: 'null' }],
		});
		const second = assembler.push(6n, commit(0x300n));
		expect(
			second?.events.map((event) => [event.op, event.source.eventIndex, event.source.commitLsn]),
		).toEqual([
			['schema', 0, '0/300'],
			['c', 1, '0/300'],
		]);
		expect(second?.events[0].schemaChange?.droppedColumns.map((column) => column.name)).toEqual([
			'note',
		]);
		expect(second?.events[0].schemaChange?.reason).toBe('changed');
		expect(second?.events[1].after).toEqual({ id: '2', status: 'open', amount: null });
	});

	it('describes a table before its first change of the session, not again for an identical Relation, nothing when schema events are off', () => {
		const orders = relationOf('insertWithEnumType');
		const assembler = new TransactionAssembler({ keyColumns: () => ['id'] });
		assembler.push(1n, begin(1));
		assembler.push(2n, orders);
		assembler.push(2n, { ...orders });
		assembler.push(3n, insertInto(orders));
		assembler.push(3n, insertInto(orders));
		const events = assembler.push(4n, commit(0x10n))?.events ?? [];
		expect(events.map((event) => [event.op, event.source.lsn])).toEqual([
			['schema', '0/3'],
			['c', '0/3'],
			['c', '0/3'],
		]);
		expect(events[0].schemaChange).toEqual({
			relationOid: orders.relationOid,
			schema: 'public',
			table: 'fx_orders',
			addedColumns: [],
			droppedColumns: [],
			retypedColumns: [],
			renamedColumns: [],
			columns: orders.columns.map((column) =>
				expect.objectContaining({ name: column.name, isKey: column.name === 'id' }),
			),
			reason: 'firstSight',
		});
		const quiet = new TransactionAssembler({ schemaEvents: false });
		quiet.push(1n, begin(1));
		quiet.push(2n, orders);
		quiet.push(2n, { ...orders, columns: orders.columns.slice(0, 2) });
		expect(quiet.push(3n, commit(0x10n))?.events).toEqual([]);
	});

	it('describes no table whose Relation came without a change under its own OID (a partition published as its root)', () => {
		const orders = relationOf('insertWithEnumType');
		const leaf = { ...orders, relationOid: orders.relationOid + 1, name: 'fx_orders_part' };
		const assembler = new TransactionAssembler();
		assembler.push(1n, begin(1));
		assembler.push(2n, orders);
		assembler.push(2n, leaf);
		assembler.push(3n, insertInto(orders));
		const events = assembler.push(4n, commit(0x10n))?.events ?? [];
		expect(events.map((event) => `${event.op} ${event.source.table}`)).toEqual([
			'schema fx_orders',
			'c fx_orders',
		]);
	});

	it('holds a schema change seen between transactions for the next one', () => {
		const orders = relationOf('insertWithEnumType');
		const assembler = new TransactionAssembler();
		assembler.push(1n, begin(4));
		assembler.push(1n, orders);
		assembler.push(1n, insertInto(orders));
		expect(
			assembler.push(1n, commit(0x30n))?.events.map((event) => event.schemaChange?.reason),
		).toEqual(['firstSight', undefined]);
		assembler.push(2n, { ...orders, name: 'fx_orders_renamed' });
		assembler.push(3n, begin(5));
		const done = assembler.push(4n, commit(0x40n));
		expect(done?.events).toHaveLength(1);
		expect(done?.events[0]).toMatchObject({
			op: 'schema',
			source: { lsn: '0/2', commitLsn: '0/40', txId: 5, table: 'fx_orders_renamed' },
			schemaChange: { previousName: { schema: 'public', table: 'fx_orders' }, reason: 'changed' },
		});
	});

	it('restores a persisted relation cache and detects a change made while stopped', () => {
		const orders = relationOf('insertWithEnumType');
		const first = new TransactionAssembler();
		first.push(1n, orders);
		const saved = JSON.parse(JSON.stringify(first.relations)) as ReturnType<
			RelationCache['toJSON']
		>;
		const restored = new TransactionAssembler({ relations: RelationCache.fromJSON(saved) });
		restored.push(1n, begin(7));
		const widened = {
			...orders,
			columns: [...orders.columns, { isKey: false, name: 'extra', typeOid: 20, typeModifier: -1 }],
		};
		restored.push(2n, widened);
		restored.push(2n, insertInto(widened));
		const events = restored.push(3n, commit(0x50n))?.events ?? [];
		// One description: the session's first of the table, with the difference it carries.
		expect(events.map((event) => event.op)).toEqual(['schema', 'c']);
		expect(events[0].schemaChange?.reason).toBe('firstSight');
		expect(events[0].schemaChange?.columns.map((column) => column.name)).toEqual([
			...orders.columns.map((column) => column.name),
			'extra',
		]);
		expect(events[0].schemaChange?.addedColumns).toEqual([
			{
				name: 'extra',
				typeOid: 20,
				typeModifier: -1,
				typeName: 'int8',
				formattedType: 'bigint',
				isKey: false,
			},
		]);
	});

	it('fails clearly on a change for an unknown relation, a tuple of the wrong width and a lost Begin or Commit', () => {
		const orders = relationOf('insertWithEnumType');
		const assembler = new TransactionAssembler();
		assembler.push(1n, begin(1));
		expect(() => assembler.push(2n, { tag: 'insert', relationOid: 999, newTuple: [] })).toThrow(
			'Received an Insert for relation OID 999 before its Relation message',
		);
		assembler.push(2n, orders);
		expect(() =>
			assembler.push(2n, { tag: 'insert', relationOid: orders.relationOid, newTuple: [] }),
		).toThrow('A change for public.fx_orders has 0 column(s) but its Relation message has 4');
		expect(() => assembler.push(3n, begin(2))).toThrow(
			'Begin of transaction 2 arrived while transaction 1 was still open',
		);
		assembler.discardOpenTransaction();
		expect(() => assembler.push(4n, commit(0x10n))).toThrow('Commit arrived outside a transaction');
	});

	it('hands each transaction its definitions, so a cache kept at the acknowledged position resumes correctly', () => {
		const orders = relationOf('insertWithEnumType');
		const widened = {
			...orders,
			columns: [...orders.columns, { isKey: false, name: 'extra', typeOid: 25, typeModifier: -1 }],
		};
		const acknowledged = new RelationCache();
		const live = new TransactionAssembler({ relations: acknowledged.clone() });
		live.push(1n, begin(1));
		live.push(2n, orders);
		live.push(2n, insertInto(orders));
		const first = live.push(3n, commit(0x10n));
		expect(first?.definitions).toEqual([orders]);
		acknowledged.apply(first?.definitions ?? []); // the first transaction was acknowledged
		live.push(4n, begin(2));
		live.push(5n, widened);
		live.push(5n, insertInto(widened));
		expect(live.push(6n, commit(0x20n))?.events.map((event) => event.op)).toEqual(['schema', 'c']);
		// Not acknowledged: after a restart the server replays transaction 2 with its Relation.
		const resumed = new TransactionAssembler({ relations: acknowledged.clone() });
		resumed.push(4n, begin(2));
		resumed.push(5n, widened);
		resumed.push(5n, insertInto(widened));
		const replayed = resumed.push(6n, commit(0x20n));
		expect(
			replayed?.events.map((event) => event.schemaChange?.addedColumns.map((c) => c.name)),
		).toEqual([['extra'], undefined]);
		expect(replayed?.events[0].schemaChange?.reason).toBe('firstSight');
		expect(acknowledged.getRelation(orders.relationOid)).toBe(orders);
		expect(live.relations.getRelation(orders.relationOid)).toBe(widened);
	});

	it('describes each table again in a new session: after startSession, and in a new assembler whose cache knows it', () => {
		const orders = relationOf('insertWithEnumType');
		const insert: PgoutputMessage = {
			tag: 'insert',
			relationOid: orders.relationOid,
			newTuple: [
				{ kind: 'text', value: '1' },
				{ kind: 'text', value: 'open' },
				{ kind: 'null' },
				{ kind: 'text', value: 'n' },
			],
		};
		const session = (assembler: TransactionAssembler, xid: number) => {
			assembler.push(1n, begin(xid));
			assembler.push(2n, orders);
			assembler.push(2n, insert);
			return (assembler.push(3n, commit(0x10n))?.events ?? []).map(
				(event) => `${event.op}:${event.schemaChange?.reason ?? ''}`,
			);
		};
		const assembler = new TransactionAssembler();
		expect(session(assembler, 1)).toEqual(['schema:firstSight', 'c:']);
		expect(session(assembler, 2)).toEqual(['c:']); // same session: a resent Relation says nothing new
		assembler.startSession();
		expect(session(assembler, 3)).toEqual(['schema:firstSight', 'c:']);
		// The trigger's restart: a new assembler from the acknowledged cache, which already knows the table.
		const acknowledged = new RelationCache();
		acknowledged.apply([orders]);
		const restarted = new TransactionAssembler({ relations: acknowledged.clone() });
		expect(session(restarted, 4)).toEqual(['schema:firstSight', 'c:']);
		const quiet = new TransactionAssembler({
			relations: acknowledged.clone(),
			schemaEvents: false,
		});
		expect(session(quiet, 5)).toEqual(['c:']);
	});

	it('adds the catalog facts it is given (nullable, default) and the typmod facts to the description', () => {
		const table: Extract<PgoutputMessage, { tag: 'relation' }> = {
			tag: 'relation',
			relationOid: 88,
			schema: 'public',
			name: 'typed',
			replicaIdentity: 'd',
			columns: [
				{ isKey: true, name: 'id', typeOid: 23, typeModifier: -1 },
				{ isKey: false, name: 'code', typeOid: 1043, typeModifier: 24 },
				{ isKey: false, name: 'amount', typeOid: 1700, typeModifier: ((12 << 16) | 5) + 4 },
				{ isKey: false, name: 'added_since', typeOid: 1184, typeModifier: 3 },
			],
		};
		const facts = new Map([
			['id', { nullable: false, default: null }],
			['code', { nullable: false, default: "'x'::character varying" }],
			['amount', { nullable: true, default: null }],
		]);
		const assembler = new TransactionAssembler({
			columnFacts: (relation) => (relation.relationOid === 88 ? facts : undefined),
		});
		assembler.push(1n, begin(1));
		assembler.push(2n, table);
		assembler.push(2n, insertInto(table));
		const [event] = assembler.push(3n, commit(0x10n))?.events ?? [];
		expect(event.schemaChange?.columns).toEqual([
			{
				name: 'id',
				typeOid: 23,
				typeModifier: -1,
				typeName: 'int4',
				formattedType: 'integer',
				isKey: true,
				nullable: false,
				default: null,
			},
			{
				name: 'code',
				typeOid: 1043,
				typeModifier: 24,
				typeName: 'varchar',
				formattedType: 'character varying(20)',
				isKey: false,
				length: 20,
				nullable: false,
				default: "'x'::character varying",
			},
			{
				name: 'amount',
				typeOid: 1700,
				typeModifier: ((12 << 16) | 5) + 4,
				typeName: 'numeric',
				formattedType: 'numeric(12,5)',
				isKey: false,
				precision: 12,
				scale: 5,
				nullable: true,
				default: null,
			},
			// Not in the catalog facts (e.g. dropped since): nullable and default stay unknown.
			{
				name: 'added_since',
				typeOid: 1184,
				typeModifier: 3,
				typeName: 'timestamptz',
				formattedType: 'timestamp(3) with time zone',
				isKey: false,
				fractionalDigits: 3,
			},
		]);
		const unknown = new TransactionAssembler();
		unknown.push(1n, begin(1));
		unknown.push(2n, table);
		unknown.push(2n, insertInto(table));
		const [bare] = unknown.push(3n, commit(0x10n))?.events ?? [];
		expect(bare.schemaChange?.columns.some((column) => 'nullable' in column)).toBe(false);
		expect(bare.schemaChange?.columns.some((column) => 'default' in column)).toBe(false);
	});

	it('keeps a column named __proto__ as an ordinary field', () => {
		const assembler = new TransactionAssembler();
		assembler.push(1n, begin(1));
		assembler.push(1n, {
			tag: 'relation',
			relationOid: 77,
			schema: 'public',
			name: 'odd',
			replicaIdentity: 'd',
			columns: [{ isKey: true, name: '__proto__', typeOid: 25, typeModifier: -1 }],
		});
		assembler.push(2n, {
			tag: 'insert',
			relationOid: 77,
			newTuple: [{ kind: 'text', value: 'x' }],
		});
		const [, event] = assembler.push(3n, commit(0x10n))?.events ?? [];
		expect(Object.keys(event.after ?? {})).toEqual(['__proto__']);
		expect(JSON.stringify(event.key)).toBe('{"__proto__":"x"}');
		expect(Object.getPrototypeOf(event.after)).toBe(Object.prototype);
	});
});

describe('snapshot rows', () => {
	it('converts text rows like streamed ones and builds r events', () => {
		const row = textRowToCdcRow(
			[
				{ name: 'id', dataTypeID: 20 },
				{ name: 'tags', dataTypeID: 1009 },
				{ name: 'gone', dataTypeID: 25 },
			],
			['5', '{a,"b c"}', null],
			'native',
		);
		expect(row).toEqual({ id: 5, tags: ['a', 'b c'], gone: null });
		const at = new Date('2024-01-01T00:00:00Z');
		const common = {
			schema: 'public',
			table: 't',
			row,
			keyColumns: ['id'],
			consistentLsn: 0x1_0000_00a0n,
			snapshotTime: at,
		};
		expect(snapshotReadEvent({ ...common, index: 0, last: false })).toEqual({
			op: 'r',
			before: null,
			after: row,
			key: { id: 5 },
			source: {
				lsn: '1/A0',
				commitLsn: '1/A0',
				txId: null,
				ts_ms: at.getTime(),
				schema: 'public',
				table: 't',
				snapshot: true,
				eventIndex: 0,
			},
		});
		expect(snapshotReadEvent({ ...common, keyColumns: [], index: 9, last: true })).toMatchObject({
			key: null,
			source: { snapshot: 'last', eventIndex: 9 },
		});
		expect(formatLsn(common.consistentLsn)).toBe('1/A0');
	});
});

describe('source identity (the server a position belongs to)', () => {
	const [, pg16] = capturedByMajor[1];
	const identity = { systemId: '7309812345678901234', timeline: 3 };

	it('stamps systemId and timeline on every streamed event and logical message', () => {
		let current: typeof identity | undefined = identity;
		const assembler = new TransactionAssembler({ sourceIdentity: () => current });
		const sources = [
			...assemble(assembler, pg16.insertWithEnumType),
			...assemble(assembler, pg16.logicalMessages),
		].flatMap((transaction) => transaction.events.map((event) => event.source));
		expect(sources.length).toBeGreaterThan(1);
		for (const source of sources) expect(source).toMatchObject(identity);
		// Another server after a reconnect: the next transaction says so.
		current = { systemId: '1', timeline: 1 };
		const [next] = assemble(assembler, pg16.insertWithEnumType);
		expect(next.events[0].source).toMatchObject({ systemId: '1', timeline: 1 });
	});

	it('leaves the fields out when the server is unknown', () => {
		const [transaction] = assemble(new TransactionAssembler(), pg16.insertWithEnumType);
		expect(transaction.events[0].source).not.toHaveProperty('systemId');
		expect(transaction.events[0].source).not.toHaveProperty('timeline');
	});

	it('stamps snapshot rows given the server', () => {
		const event = snapshotReadEvent({
			schema: 'public',
			table: 't',
			row: { id: '1' },
			keyColumns: ['id'],
			consistentLsn: 0x10n,
			snapshotTime: new Date(0),
			index: 0,
			last: true,
			...identity,
		});
		expect(event.source).toMatchObject(identity);
	});
});

describe('event key columns from the catalog', () => {
	const [, pg16] = capturedByMajor[1];
	const relation = pg16.insertWithEnumType
		.map(({ data }) => decodePgoutput(data))
		.find((message) => message.tag === 'relation') as Extract<PgoutputMessage, { tag: 'relation' }>;
	const full = { ...relation, replicaIdentity: 'f' as const };

	it('takes the primary key, or under USING INDEX the identity index, or nothing', () => {
		expect(eventKeyColumns(full, { primaryKey: ['id'], replicaIdentityIndex: [] })).toEqual(['id']);
		expect(eventKeyColumns(full, { primaryKey: [], replicaIdentityIndex: [] })).toEqual([]);
		expect(
			eventKeyColumns(
				{ ...relation, replicaIdentity: 'i' },
				{ primaryKey: ['id'], replicaIdentityIndex: ['status', 'note'] },
			),
		).toEqual(['status', 'note']);
	});

	it('falls back to the flagged columns when the catalog no longer matches the Relation message', () => {
		expect(eventKeyColumns(full, undefined)).toBeUndefined();
		expect(eventKeyColumns(full, { primaryKey: ['renamed'], replicaIdentityIndex: [] })).toBe(
			undefined,
		);
	});

	it('feeds the assembler from a map filled once per Relation message', async () => {
		const lookups: string[] = [];
		const keys = new RelationKeys(async (seen) => {
			lookups.push(seen.name);
			return await Promise.resolve({
				keyColumns: [],
				columns: new Map([['note', { nullable: false, default: "'n'::text" }]]),
			});
		});
		await keys.learn(relation);
		expect(lookups).toEqual(['fx_orders']);
		const [transaction] = assemble(
			new TransactionAssembler({ keyColumns: keys.keyColumns, columnFacts: keys.columnFacts }),
			pg16.insertWithEnumType,
		);
		const [description, insert] = transaction.events;
		expect(insert.key).toBeNull();
		expect(
			description.schemaChange?.columns.find((column) => column.name === 'note'),
		).toMatchObject({ nullable: false, default: "'n'::text", isKey: false });
		expect(lookups).toHaveLength(1); // nothing per event
	});
});
