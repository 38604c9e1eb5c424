import { PgClientSession } from '../../../redshift-local/engine/pgClientSession';
import { freshDatabase, pgConfig } from '../../support/testServers';

describe('PgClientSession', () => {
	let session: PgClientSession;

	beforeAll(async () => {
		session = await PgClientSession.connect(pgConfig(await freshDatabase('session')));
	});
	afterAll(async () => await session.close());

	it('keeps values in text form and reports command tags and transaction state', async () => {
		await session.query(
			'CREATE TABLE t (id int8, amount numeric(38,10), at timestamptz, note text)',
		);
		expect(session.transactionStatus()).toBe('idle');
		await session.query('BEGIN');
		expect(session.transactionStatus()).toBe('inTransaction');
		const inserted = await session.query('INSERT INTO t VALUES ($1, $2, $3, $4)', [
			'9223372036854775807',
			'12345678901234567890.0123456789',
			'2026-01-02 03:04:05+00',
			null,
		]);
		expect(inserted.commandTag).toBe('INSERT 0 1');
		const selected = await session.query('SELECT id, amount, note FROM t');
		expect(selected.commandTag).toBe('SELECT 1');
		expect(selected.rows).toEqual([
			['9223372036854775807', '12345678901234567890.0123456789', null],
		]);
		expect(selected.fields.map((field) => field.name)).toEqual(['id', 'amount', 'note']);
		await expect(session.query('SELECT 1/0')).rejects.toThrow('division by zero');
		expect(session.transactionStatus()).toBe('failed');
		await session.query('ROLLBACK');
		expect(session.transactionStatus()).toBe('idle');
	});

	it('copies bytes into a table inside the open transaction', async () => {
		await session.query('CREATE TABLE c (id int, name text)');
		await session.query('BEGIN');
		const copied = await session.copyFrom('COPY c FROM STDIN WITH (FORMAT csv)', [
			Buffer.from('1,alpha\n2,"be,ta"\n'),
		]);
		expect(copied).toBe(2);
		await session.query('ROLLBACK');
		expect((await session.query('SELECT count(*) FROM c')).rows).toEqual([['0']]);
	});
});

describe('RedshiftEngine with parameters', () => {
	it("applies Redshift's grammar to parameterized statements too", async () => {
		const { RedshiftEngine } = await import('../../../redshift-local/engine/engine');
		const { FaultInjector } = await import('../../../redshift-local/engine/faults');
		const session = await PgClientSession.connect(pgConfig(await freshDatabase('params')));
		try {
			const engine = new RedshiftEngine([], {
				s3: undefined as never,
				autonomous: async () => await Promise.reject(new Error('not used')),
				faults: new FaultInjector(),
			});
			await session.query('CREATE TABLE k (id int PRIMARY KEY)');
			await expect(
				engine.execute('INSERT INTO k VALUES ($1) ON CONFLICT DO NOTHING', session, [1]),
			).rejects.toThrow('syntax error at or near "ON"');
			await expect(
				engine.execute('INSERT INTO k VALUES ($1) RETURNING id', session, [1]),
			).rejects.toThrow('syntax error at or near "RETURNING"');
			expect((await engine.execute('INSERT INTO k VALUES ($1)', session, [1])).commandTag).toBe(
				'INSERT 0 1',
			);
		} finally {
			await session.close();
		}
	});
});
