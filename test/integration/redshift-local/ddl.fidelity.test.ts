import { Client } from 'pg';

import { handleDdl } from '../../../redshift-local/engine/ddl/handleDdl';
import { ddlSystemObjects } from '../../../redshift-local/engine/ddl/systemObjects';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';
import { startEngine, type EngineHarness } from './support/engineHarness';

/** What Redshift enforces in DDL and what it does not (DG t_Defining_constraints.md, r_ALTER_TABLE.md). */
describe('Redshift DDL fidelity: informational keys, ALTER COLUMN TYPE', () => {
	let h: EngineHarness;
	const rows = async (sql: string) => (await h.run(sql)).rows;

	beforeAll(async () => {
		h = await startEngine('ddl_fidelity', [handleDdl], ddlSystemObjects);
	});
	afterAll(async () => await h.close());

	describe('PRIMARY KEY and UNIQUE are informational', () => {
		it('stores a duplicate key and shows the constraints in the catalog', async () => {
			await h.run(`CREATE TABLE keyed (
				id INT PRIMARY KEY,
				code VARCHAR(5) UNIQUE,
				name VARCHAR(20)
			)`);
			await h.run(`INSERT INTO keyed VALUES (1, 'a', 'first'), (1, 'a', 'second')`);
			await h.run(`INSERT INTO keyed VALUES (1, 'a', 'third')`);
			expect(await rows(`SELECT id, code, name FROM keyed ORDER BY name`)).toEqual([
				['1', 'a', 'first'],
				['1', 'a', 'second'],
				['1', 'a', 'third'],
			]);
			expect(
				await rows(`SELECT constraint_type FROM information_schema.table_constraints
					WHERE table_name = 'keyed' AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') ORDER BY 1`),
			).toEqual([['PRIMARY KEY'], ['UNIQUE']]);
		});

		it('keeps NOT NULL on primary key columns', async () => {
			await expect(h.run(`INSERT INTO keyed VALUES (NULL, 'b', 'no id')`)).rejects.toThrow(
				/null value/,
			);
		});

		it('treats table-level and composite keys the same, and accepts a FOREIGN KEY without checking it', async () => {
			await h.run(`CREATE TABLE pairs (
				a INT NOT NULL,
				b INT NOT NULL,
				parent INT REFERENCES keyed (id),
				PRIMARY KEY (a, b),
				CONSTRAINT pairs_unique UNIQUE (b),
				FOREIGN KEY (parent) REFERENCES keyed (id)
			)`);
			await h.run(`INSERT INTO pairs VALUES (1, 2, 99), (1, 2, 98)`);
			expect(await rows(`SELECT count(*) FROM pairs`)).toEqual([['2']]);
		});

		it('makes a key added by ALTER TABLE informational too', async () => {
			await h.run(`CREATE TABLE later (id INT NOT NULL, name VARCHAR(10))`);
			await h.run(`ALTER TABLE later ADD CONSTRAINT later_pk PRIMARY KEY (id)`);
			await h.run(`ALTER TABLE later ADD UNIQUE (name)`);
			await h.run(`INSERT INTO later VALUES (1, 'x'), (1, 'x')`);
			expect(await rows(`SELECT count(*) FROM later`)).toEqual([['2']]);
		});

		it('does not let PostgreSQL merge GROUP BY columns through the key', async () => {
			await h.run(`CREATE TABLE grouped (id INT PRIMARY KEY, name VARCHAR(10))`);
			await h.run(`INSERT INTO grouped VALUES (1, 'a'), (1, 'b')`);
			expect(await rows(`SELECT id, name FROM grouped GROUP BY id, name ORDER BY name`)).toEqual([
				['1', 'a'],
				['1', 'b'],
			]);
		});
	});

	describe('ALTER TABLE … ALTER COLUMN … TYPE resizes a VARCHAR only', () => {
		beforeAll(async () => {
			await h.run(`CREATE TABLE sized (
				id INT,
				name VARCHAR(10),
				dict VARCHAR(10) ENCODE bytedict,
				runs VARCHAR(10) ENCODE runlength,
				short VARCHAR(10) ENCODE text255,
				long VARCHAR(10) ENCODE text32k,
				zipped VARCHAR(10) ENCODE zstd,
				defaulted VARCHAR(10) DEFAULT 'x',
				keyed VARCHAR(10) UNIQUE
			)`);
			await h.run(`INSERT INTO sized (id, name) VALUES (1, 'héllo')`); // 6 bytes
		});

		it('increases a VARCHAR, which then takes longer values', async () => {
			await h.run(`ALTER TABLE sized ALTER COLUMN name TYPE VARCHAR(20)`);
			await h.run(`INSERT INTO sized (id, name) VALUES (2, '${'x'.repeat(20)}')`);
			expect(
				await rows(`SELECT type FROM pg_table_def WHERE tablename = 'sized' AND "column" = 'name'`),
			).toEqual([['character varying(20)']]);
		});

		it('decreases a VARCHAR down to the longest value in bytes, not below', async () => {
			await h.run(`DELETE FROM sized WHERE id = 2`);
			await expect(h.run(`ALTER TABLE sized ALTER COLUMN name TYPE VARCHAR(5)`)).rejects.toThrow(
				'target column size should be greater or equal to current maximum column size',
			);
			await h.run(`ALTER TABLE sized ALTER COLUMN name TYPE VARCHAR(6)`);
			await h.run(`ALTER TABLE sized ALTER COLUMN zipped TYPE VARCHAR(MAX)`);
		});

		it('refuses any other type change (an INT to BIGINT, a VARCHAR to another type)', async () => {
			await expect(h.run(`ALTER TABLE sized ALTER COLUMN id TYPE BIGINT`)).rejects.toThrow(
				/only changes the size of a VARCHAR column: column "id" is integer/,
			);
			await expect(h.run(`ALTER TABLE sized ALTER COLUMN name TYPE INT`)).rejects.toThrow(
				/only changes the size of a VARCHAR column/,
			);
			expect(
				await rows(`SELECT type FROM pg_table_def WHERE tablename = 'sized' AND "column" = 'id'`),
			).toEqual([['integer']]);
		});

		it.each(['dict', 'runs', 'short', 'long'])(
			'refuses column %s, whose encoding cannot be resized',
			async (column) => {
				await expect(
					h.run(`ALTER TABLE sized ALTER COLUMN ${column} TYPE VARCHAR(20)`),
				).rejects.toThrow(/its encoding (BYTEDICT|RUNLENGTH|TEXT255|TEXT32K) does not allow it/);
			},
		);

		it('refuses a key column, a USING expression and a smaller column with a default', async () => {
			await expect(h.run(`ALTER TABLE sized ALTER COLUMN keyed TYPE VARCHAR(20)`)).rejects.toThrow(
				/part of a UNIQUE, PRIMARY KEY or FOREIGN KEY constraint/,
			);
			await expect(
				h.run(`ALTER TABLE sized ALTER COLUMN name TYPE VARCHAR(30) USING name::varchar(30)`),
			).rejects.toThrow('ALTER TABLE ALTER COLUMN does not support USING expression');
			await expect(
				h.run(`ALTER TABLE sized ALTER COLUMN defaulted TYPE VARCHAR(5)`),
			).rejects.toThrow('cannot decrease a VARCHAR column size with default value');
			await h.run(`ALTER TABLE sized ALTER COLUMN defaulted TYPE VARCHAR(20)`);
		});

		it('refuses inside a transaction block, and the block is then failed', async () => {
			await h.run('BEGIN');
			await expect(h.run(`ALTER TABLE sized ALTER COLUMN name TYPE VARCHAR(40)`)).rejects.toThrow(
				'ALTER TABLE ALTER COLUMN cannot run inside a transaction block',
			);
			await expect(h.run('SELECT 1')).rejects.toThrow(/current transaction is aborted/);
			await h.run('ROLLBACK');
			expect(
				await rows(`SELECT type FROM pg_table_def WHERE tablename = 'sized' AND "column" = 'name'`),
			).toEqual([['character varying(6)']]);
		});
	});
});

describe('ALTER COLUMN TYPE over the wire: a multi-statement query is a transaction block too', () => {
	let local: LocalRedshiftForTests;
	let client: Client;

	beforeAll(async () => {
		local = await startLocalRedshift('ddl_fidelity_wire', { dataApi: false });
		client = new Client(local.pgConfig);
		await client.connect();
		await client.query('CREATE TABLE wide (name VARCHAR(4))');
	});
	afterAll(async () => {
		await client.end();
		await local.stop();
	});

	it('refuses it in BEGIN … END and in a multi-statement query, runs it on its own', async () => {
		await expect(
			client.query(
				'INSERT INTO wide VALUES (1); ALTER TABLE wide ALTER COLUMN name TYPE VARCHAR(8)',
			),
		).rejects.toThrow('ALTER TABLE ALTER COLUMN cannot run inside a transaction block');
		await client.query('BEGIN');
		await expect(
			client.query('ALTER TABLE wide ALTER COLUMN name TYPE VARCHAR(8)'),
		).rejects.toThrow('cannot run inside a transaction block');
		await client.query('ROLLBACK');
		await client.query('ALTER TABLE wide ALTER COLUMN name TYPE VARCHAR(8)');
		await client.query(`INSERT INTO wide VALUES ('eight!!!')`);
		expect((await client.query('SELECT count(*)::int AS n FROM wide')).rows).toEqual([{ n: 1 }]);
	});
});
