import { handleTraps } from '../../../redshift-local/engine/traps/handleTraps';
import { testServers } from '../../support/testServers';
import { startEngine, type EngineHarness } from './support/engineHarness';

describe("Redshift's traps on the local Redshift", () => {
	let h: EngineHarness;
	const rows = async (sql: string) => (await h.run(sql)).rows;
	const mergeAvailable = testServers().postgres.major >= 15;

	beforeAll(async () => {
		h = await startEngine('traps', [handleTraps]);
	});
	afterAll(async () => await h.close());

	it('TRUNCATE commits the open transaction, and the later ROLLBACK undoes nothing', async () => {
		await h.run('CREATE TABLE audit (note text)');
		await h.run('CREATE TABLE scratch (id int)');
		await h.run('INSERT INTO scratch VALUES (1), (2)');
		await h.run('BEGIN');
		await h.run(`INSERT INTO audit VALUES ('before truncate')`);
		const result = await h.run('TRUNCATE scratch');
		expect(result.commandTag).toBe('TRUNCATE TABLE');
		expect(h.session.transactionStatus()).toBe('idle');
		await h.run(`INSERT INTO audit VALUES ('after truncate')`);
		await h.run('ROLLBACK');
		expect(await rows('SELECT note FROM audit ORDER BY note')).toEqual([
			['after truncate'],
			['before truncate'],
		]);
		expect(await rows('SELECT count(*) FROM scratch')).toEqual([['0']]);
	});

	it('TRUNCATE outside a transaction just truncates, and a later COMMIT is a no-op', async () => {
		await h.run('CREATE TABLE alone (id int)');
		await h.run('INSERT INTO alone VALUES (1)');
		await h.run('TRUNCATE TABLE alone');
		await h.run('COMMIT');
		expect(h.session.transactionStatus()).toBe('idle');
		expect(await rows('SELECT count(*) FROM alone')).toEqual([['0']]);
	});

	it('rejects INSERT … ON CONFLICT and RETURNING with a syntax error, running nothing', async () => {
		await h.run('CREATE TABLE keyed (id int PRIMARY KEY, v text)');
		await expect(
			h.run(`INSERT INTO keyed VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET v = 'b'`),
		).rejects.toMatchObject({
			message: 'syntax error at or near "ON"',
			code: '42601',
		});
		await expect(h.run(`INSERT INTO keyed VALUES (1, 'a') RETURNING id`)).rejects.toThrow(
			'syntax error at or near "RETURNING"',
		);
		await expect(h.run(`UPDATE keyed SET v = 'x' RETURNING *`)).rejects.toThrow(
			'syntax error at or near "RETURNING"',
		);
		await expect(h.run(`DELETE FROM keyed RETURNING id`)).rejects.toThrow(
			'syntax error at or near "RETURNING"',
		);
		expect(await rows('SELECT count(*) FROM keyed')).toEqual([['0']]);
		await h.run(`INSERT INTO keyed VALUES (1, 'on conflict do nothing returning')`);
		expect(await rows('SELECT v FROM keyed')).toEqual([['on conflict do nothing returning']]);
	});

	it('aborts the client transaction on a rejected statement, as any error does on Redshift', async () => {
		await h.run('CREATE TABLE aborted (id int)');
		await h.run('BEGIN');
		await h.run('INSERT INTO aborted VALUES (1)');
		await expect(h.run('INSERT INTO aborted VALUES (2) RETURNING id')).rejects.toThrow(
			'syntax error at or near "RETURNING"',
		);
		await expect(h.run('SELECT 1')).rejects.toThrow('current transaction is aborted');
		expect(h.session.transactionStatus()).toBe('failed');
		await expect(h.run('INSERT INTO aborted VALUES (3)')).rejects.toThrow(
			'current transaction is aborted',
		);
		await h.run('ROLLBACK');
		expect(await rows('SELECT count(*) FROM aborted')).toEqual([['0']]);
	});

	it('MERGE updates and inserts, and fails as Redshift does when two source rows match one target row', async () => {
		await h.run('CREATE TABLE target (id int, v text)');
		await h.run('CREATE TABLE stage (id int, v text)');
		await h.run(`INSERT INTO target VALUES (1, 'old'), (2, 'keep')`);
		await h.run(`INSERT INTO stage VALUES (1, 'new'), (3, 'added')`);
		const merge = `MERGE INTO target USING stage s ON target.id = s.id
			WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)`;
		if (!mergeAvailable) {
			await expect(h.run(merge)).rejects.toThrow(
				/MERGE is not available: this local Redshift runs on PostgreSQL \d+/,
			);
			return;
		}
		expect((await h.run(merge)).commandTag).toBe('MERGE 2');
		expect(await rows('SELECT id, v FROM target ORDER BY id')).toEqual([
			['1', 'new'],
			['2', 'keep'],
			['3', 'added'],
		]);
		await h.run(`INSERT INTO stage VALUES (1, 'duplicate')`);
		await h.run('BEGIN');
		await expect(h.run(merge)).rejects.toMatchObject({
			message: 'Found multiple matches to update the same tuple.',
			code: 'XX000',
		});
		expect(h.session.transactionStatus()).toBe('failed');
		await h.run('ROLLBACK');
		await expect(
			h.run(
				'MERGE INTO target USING (SELECT 1 AS id) s ON target.id = s.id WHEN MATCHED THEN DELETE',
			),
		).rejects.toThrow('syntax error at or near "("');
	});

	it('MERGE … REMOVE DUPLICATES replaces matched rows, duplicates included, and inserts the rest', async () => {
		await h.run('CREATE TABLE dim (id int, v text)');
		await h.run('CREATE TABLE dim_stage (id int, v text)');
		await h.run(`INSERT INTO dim VALUES (1, 'a'), (1, 'a-dup'), (2, 'b')`);
		await h.run(`INSERT INTO dim_stage VALUES (1, 'A'), (3, 'C')`);
		const merge = 'MERGE INTO dim USING dim_stage ON dim.id = dim_stage.id REMOVE DUPLICATES';
		if (!mergeAvailable) {
			await expect(h.run(merge)).rejects.toThrow(/MERGE is not available/);
			return;
		}
		expect((await h.run(merge)).commandTag).toBe('MERGE 2');
		expect(await rows('SELECT id, v FROM dim ORDER BY id')).toEqual([
			['1', 'A'],
			['2', 'b'],
			['3', 'C'],
		]);
		await h.run('CREATE TABLE narrow (id int)');
		await expect(
			h.run('MERGE INTO dim USING narrow ON dim.id = narrow.id REMOVE DUPLICATES'),
		).rejects.toThrow(/same number of columns \(2 and 1\)/);
	});

	it('ALTER TABLE APPEND moves the rows, refuses a transaction block, and matches columns by name', async () => {
		await h.run('CREATE TABLE facts (id int, v text)');
		await h.run('CREATE TABLE facts_new (v text, id int, extra int)');
		await h.run(`INSERT INTO facts_new VALUES ('x', 1, 9), ('y', 2, 9)`);
		await expect(h.run('ALTER TABLE facts APPEND FROM facts_new')).rejects.toThrow(
			"attributes don't match",
		);
		await h.run('BEGIN');
		await expect(h.run('ALTER TABLE facts APPEND FROM facts_new IGNOREEXTRA')).rejects.toThrow(
			'ALTER TABLE APPEND cannot run inside a transaction block',
		);
		await h.run('ROLLBACK');
		const result = await h.run('ALTER TABLE facts APPEND FROM facts_new IGNOREEXTRA');
		expect(result.rowCount).toBe(2);
		expect(await rows('SELECT id, v FROM facts ORDER BY id')).toEqual([
			['1', 'x'],
			['2', 'y'],
		]);
		expect(await rows('SELECT count(*) FROM facts_new')).toEqual([['0']]);
	});
});
