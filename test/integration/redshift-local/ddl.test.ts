import { handleDdl } from '../../../redshift-local/engine/ddl/handleDdl';
import { ddlSystemObjects } from '../../../redshift-local/engine/ddl/systemObjects';
import { testServers } from '../../support/testServers';
import { startEngine, type EngineHarness } from './support/engineHarness';

describe('Redshift DDL on the local Redshift', () => {
	let h: EngineHarness;
	const rows = async (sql: string) => (await h.run(sql)).rows;

	beforeAll(async () => {
		h = await startEngine('ddl', [handleDdl], ddlSystemObjects);
	});
	afterAll(async () => await h.close());

	it('creates the table without the Redshift-only clauses and records them for pg_table_def', async () => {
		const result = await h.run(`CREATE TABLE orders (
			id BIGINT IDENTITY(1, 1),
			customer VARCHAR(40) NOT NULL ENCODE zstd DISTKEY,
			note TEXT,
			total DECIMAL(12,2),
			payload SUPER,
			flag BOOLEAN,
			placed TIMESTAMP SORTKEY ENCODE raw
		) BACKUP NO`);
		expect(result.commandTag).toBe('CREATE TABLE');
		expect(
			await rows(
				`SELECT "column", type, encoding, distkey, sortkey, "notnull" FROM pg_table_def WHERE tablename = 'orders' ORDER BY "column"`,
			),
		).toEqual([
			['customer', 'character varying(40)', 'zstd', 't', '0', 't'],
			['flag', 'boolean', 'none', 'f', '0', 'f'],
			['id', 'bigint', 'az64', 'f', '0', 't'],
			['note', 'character varying(256)', 'lzo', 'f', '0', 'f'],
			['payload', 'super', 'zstd', 'f', '0', 'f'],
			['placed', 'timestamp without time zone', 'none', 'f', '1', 'f'],
			['total', 'numeric(12,2)', 'az64', 'f', '0', 'f'],
		]);
	});

	it('shows table attributes in svv_table_info once the table has rows, as Redshift does', async () => {
		await h.run(
			`CREATE TABLE events (id int, kind varchar(10), at date) DISTSTYLE KEY DISTKEY(kind) INTERLEAVED SORTKEY(at, id)`,
		);
		await h.run(`CREATE TABLE plain (a int)`);
		const info = `SELECT "table", diststyle, sortkey1, sortkey_num, encoded, max_varchar, tbl_rows, backup FROM svv_table_info WHERE "table" IN ('events', 'plain') ORDER BY 1`;
		expect(await rows(info)).toEqual([]);
		await h.run(`INSERT INTO events VALUES (1, 'a', '2026-01-01'), (2, 'b', '2026-01-02')`);
		await h.run(`INSERT INTO plain VALUES (1)`);
		expect(await rows(info)).toEqual([
			['events', 'KEY(kind)', 'INTERLEAVED', '2', 'Y, AUTO(ENCODE)', '10', '2', 't'],
			['plain', 'AUTO(ALL)', 'AUTO(SORTKEY)', '0', 'Y, AUTO(ENCODE)', null, '1', 't'],
		]);
		expect(
			await rows(
				`SELECT "column", sortkey FROM pg_table_def WHERE tablename = 'events' ORDER BY "column"`,
			),
		).toEqual([
			['at', '1'],
			['id', '-2'],
			['kind', '0'],
		]);
	});

	it("counts VARCHAR lengths in bytes, with Redshift's error", async () => {
		await h.run(`CREATE TABLE names (name VARCHAR(5), code CHAR(3))`);
		await h.run(`INSERT INTO names VALUES ('abcde', 'xyz')`);
		await h.run(`INSERT INTO names VALUES ('ñañ', 'ab')`); // 5 bytes in 3 characters
		await expect(h.run(`INSERT INTO names VALUES ('ñaña', 'a')`)).rejects.toThrow(
			'value too long for type character varying(5)',
		);
		await expect(h.run(`INSERT INTO names VALUES ('éééééé', 'a')`)).rejects.toThrow(
			'value too long for type character varying(5)',
		);
		// CHAR holds single-byte characters only: 'é' padded to three characters is four bytes
		await expect(h.run(`INSERT INTO names VALUES ('a', 'é')`)).rejects.toThrow(
			'value too long for type character(3)',
		);
		await expect(h.run(`UPDATE names SET name = 'ñññ' WHERE name = 'abcde'`)).rejects.toThrow(
			'value too long for type character varying(5)',
		);
		expect(await rows(`SELECT name FROM names ORDER BY name`)).toEqual([['abcde'], ['ñañ']]);
	});

	it('stores SUPER from JSON_PARSE and answers GETDATE() as a timestamp without fractional seconds', async () => {
		await h.run(`CREATE TABLE docs (id int, body SUPER)`);
		await h.run(`INSERT INTO docs VALUES (1, JSON_PARSE('{"a": [1, "x"], "b": null}'))`);
		expect(await rows(`SELECT body FROM docs`)).toEqual([['{"a": [1, "x"], "b": null}']]);
		// From PostgreSQL 17 on, JSON_SERIALIZE is PostgreSQL's own SQL/JSON construct and takes precedence.
		if (testServers().postgres.major < 17) {
			expect(await rows(`SELECT json_serialize(body) FROM docs`)).toEqual([
				['{"a": [1, "x"], "b": null}'],
			]);
		}
		const now = await h.run(`SELECT GETDATE(), pg_typeof(GETDATE())::text`);
		expect(now.rows[0][1]).toBe('timestamp without time zone');
		expect(now.rows[0][0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
	});

	it('generates IDENTITY values and accepts VARCHAR(MAX)', async () => {
		await h.run(`CREATE TABLE ids (id INT IDENTITY(100, 10), body VARCHAR(MAX))`);
		await h.run(`INSERT INTO ids (body) VALUES ('a'), ('b')`);
		expect(await rows(`SELECT id, body FROM ids ORDER BY id`)).toEqual([
			['100', 'a'],
			['110', 'b'],
		]);
		expect(
			await rows(`SELECT type FROM pg_table_def WHERE tablename = 'ids' AND "column" = 'body'`),
		).toEqual([['character varying(65535)']]);
	});

	it('inherits keys and encodings with LIKE, supports TEMP tables, and keeps attributes across a swap by RENAME', async () => {
		await h.run(
			`CREATE TABLE target (id int ENCODE az64, v varchar(4) ENCODE bytedict) DISTSTYLE ALL COMPOUND SORTKEY(id)`,
		);
		await h.run(`CREATE TEMP TABLE stage (LIKE target)`);
		expect(
			await rows(
				`SELECT "column", encoding, sortkey FROM pg_table_def WHERE tablename = 'stage' ORDER BY 1`,
			),
		).toEqual([
			['id', 'az64', '1'],
			['v', 'bytedict', '0'],
		]);
		await expect(h.run(`INSERT INTO stage VALUES (1, 'éée')`)).rejects.toThrow(
			'value too long for type character varying(4)',
		);
		await h.run(`CREATE TABLE target_new (LIKE target)`);
		await h.run(`INSERT INTO target_new VALUES (7, 'new')`);
		await h.run('BEGIN');
		await h.run(`ALTER TABLE target RENAME TO target_old`);
		await h.run(`ALTER TABLE target_new RENAME TO target`);
		await h.run(`DROP TABLE target_old`);
		await h.run('COMMIT');
		expect(
			await rows(
				`SELECT "table", diststyle, sortkey1 FROM svv_table_info WHERE "table" = 'target'`,
			),
		).toEqual([['target', 'ALL', 'id']]);
		expect(
			await rows(
				`SELECT count(*) FROM redshift_system.table_attributes t WHERE NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.table_oid)`,
			),
		).toEqual([['0']]);
	});

	it('keeps table and column comments (COMMENT ON is plain PostgreSQL)', async () => {
		await h.run(`CREATE TABLE commented (id int ENCODE az64, note varchar(20))`);
		await h.run(`COMMENT ON TABLE commented IS 'orders from the shop'`);
		await h.run(`COMMENT ON COLUMN commented.note IS 'free text'`);
		expect(
			await rows(
				`SELECT obj_description('commented'::regclass, 'pg_class'), col_description('commented'::regclass, 2)`,
			),
		).toEqual([['orders from the shop', 'free text']]);
	});

	it('rolls the table and its record back with the client transaction', async () => {
		await h.run('BEGIN');
		await h.run(`CREATE TABLE doomed (a int DISTKEY)`);
		expect(h.session.transactionStatus()).toBe('inTransaction');
		await h.run('ROLLBACK');
		expect(await rows(`SELECT count(*) FROM pg_table_def WHERE tablename = 'doomed'`)).toEqual([
			['0'],
		]);
		expect(await rows(`SELECT to_regclass('doomed')`)).toEqual([[null]]);
	});

	it('changes dist style, sort key and encodings with ALTER TABLE, and adds byte-checked columns', async () => {
		await h.run(`CREATE TABLE alterme (id int, name varchar(10))`);
		await h.run(`INSERT INTO alterme VALUES (1, 'x')`);
		await h.run(`ALTER TABLE alterme ALTER DISTSTYLE KEY DISTKEY id`);
		await h.run(`ALTER TABLE alterme ALTER SORTKEY (name)`);
		await h.run(`ALTER TABLE alterme ALTER COLUMN name ENCODE zstd`);
		await h.run(`ALTER TABLE alterme ADD COLUMN city VARCHAR(3) ENCODE lzo`);
		expect(
			await rows(
				`SELECT "column", encoding, distkey, sortkey FROM pg_table_def WHERE tablename = 'alterme' ORDER BY 1`,
			),
		).toEqual([
			['city', 'lzo', 'f', '0'],
			['id', 'az64', 't', '0'],
			['name', 'zstd', 'f', '1'],
		]);
		await expect(h.run(`INSERT INTO alterme VALUES (2, 'y', 'ééé')`)).rejects.toThrow(
			'value too long for type character varying(3)',
		);
		await h.run(`ALTER TABLE alterme ALTER COLUMN city TYPE VARCHAR(6)`);
		await h.run(`INSERT INTO alterme VALUES (2, 'y', 'ééé')`);
		expect(
			await rows(`SELECT diststyle, sortkey1 FROM svv_table_info WHERE "table" = 'alterme'`),
		).toEqual([['KEY(id)', 'name']]);
	});

	it('reports Redshift errors for bad DDL', async () => {
		await expect(h.run(`CREATE TABLE bad (a int) SORTKEY(nope)`)).rejects.toThrow(
			'column "nope" named in key does not exist',
		);
		await expect(h.run(`CREATE TABLE bad (a varchar(70000))`)).rejects.toThrow(
			'length for type varchar cannot exceed 65535',
		);
		expect(h.session.transactionStatus()).toBe('idle');
	});
});
