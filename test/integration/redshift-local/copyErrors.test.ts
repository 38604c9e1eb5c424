import { CopyHarness, failureOf, ROLE } from './copyHarness';

const LOAD_FAILED =
	"Load into table 'orders' failed.  Check 'stl_load_errors' system table for details.";

describe('COPY load errors, MAXERROR, pg_last_copy_id and injected failures', () => {
	let harness: CopyHarness;

	beforeAll(async () => {
		harness = await CopyHarness.start('copy_errors');
		await harness.run(
			'CREATE TABLE orders (id int NOT NULL, customer varchar(5), amount numeric(6,2), placed date)',
		);
	});
	afterAll(async () => await harness.close());
	beforeEach(async () => await harness.run('TRUNCATE orders'));

	const lastCopyId = async () => Number((await harness.rows('SELECT pg_last_copy_id()'))[0][0]);

	it('fails on a bad row, fills stl_load_errors and sys_load_error_detail, and loads nothing', async () => {
		const url = await harness.put(
			'bad/orders.csv',
			'1,alice,10.50,2026-01-01\n2,bob,12x.00,2026-01-02\n3,carol,1.00,2026-01-03\n',
		);
		const error = await failureOf(
			harness.run(`COPY orders FROM '${harness.url('bad/')}' ${ROLE} CSV`),
		);
		expect(error.message).toBe(LOAD_FAILED);
		expect(error.code).toBe('XX000');
		expect(await harness.rows('SELECT pg_last_copy_count()')).toEqual([['0']]);
		expect(error.detail).toContain(`line 2, column amount of ${url}`);
		expect(harness.session.transactionStatus()).toBe('idle');
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['0']]);

		const queryId = await lastCopyId();
		const errors = await harness.committedRows(
			`SELECT trim(filename), line_number, trim(colname), trim(type), trim(col_length), position, trim(raw_line),
				trim(raw_field_value), err_code, trim(err_reason)
			FROM stl_load_errors WHERE query = $1`,
			[queryId],
		);
		expect(errors).toEqual([
			[
				url,
				'2',
				'amount',
				'numeric',
				'6, 2',
				'2',
				'2,bob,12x.00,2026-01-02',
				'12x.00',
				'1207',
				"Invalid digit, Value 'x', Pos 2, Type: Decimal",
			],
		]);
		const detail = await harness.committedRows(
			'SELECT trim(file_name), line_number, trim(column_name), error_code, trim(error_message) FROM sys_load_error_detail WHERE query_id = $1',
			[queryId],
		);
		expect(detail).toEqual([
			[url, '2', 'amount', '1207', "Invalid digit, Value 'x', Pos 2, Type: Decimal"],
		]);
		const fields = await harness.committedRows(
			'SELECT field, trim(colname), trim(value), is_null FROM stl_loaderror_detail WHERE query = $1 ORDER BY field',
			[queryId],
		);
		expect(fields).toEqual([
			['1', 'id', '2', '0'],
			['2', 'customer', 'bob', '0'],
			['3', 'amount', '12x.00', '0'],
		]);
	});

	it('undoes the rows of earlier files when a later file has the bad row', async () => {
		await harness.put('files/part-0.csv', '1,first,1.00,2026-01-01\n');
		const second = await harness.put('files/part-1.csv', '2,two,not-a-number,2026-01-02\n');
		const error = await failureOf(
			harness.run(`COPY orders FROM '${harness.url('files/part-')}' ${ROLE} CSV`),
		);
		expect(error.message).toBe(LOAD_FAILED);
		expect(error.detail).toContain(`line 1, column amount of ${second}`);
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['0']]);
	});

	it('aborts the client transaction: earlier inserts roll back, the error records stay', async () => {
		await harness.run('BEGIN');
		await harness.run("INSERT INTO orders VALUES (100, 'early', 1, '2026-01-01')");
		await harness.put('txn/orders.csv', '1,toolongname,1.00,2026-01-01\n');
		const error = await failureOf(
			harness.run(`COPY orders FROM '${harness.url('txn/')}' ${ROLE} CSV`),
		);
		expect(error.message).toBe(LOAD_FAILED);
		// the transaction is aborted, as after any failed statement on Redshift
		await expect(harness.run('SELECT 1')).rejects.toThrow('current transaction is aborted');
		await harness.run('ROLLBACK');
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['0']]);
		const errors = await harness.rows(
			`SELECT line_number, trim(colname), trim(raw_field_value), err_code, trim(err_reason) FROM stl_load_errors WHERE query = pg_last_copy_id()`,
		);
		expect(errors).toEqual([
			['1', 'customer', 'toolongname', '1204', 'String length exceeds DDL length'],
		]);
	});

	it('keeps a successful COPY inside the client transaction until COMMIT or ROLLBACK', async () => {
		await harness.put('txn-ok/orders.csv', '1,a,1.00,2026-01-01\n');
		await harness.run('BEGIN');
		await harness.run(`COPY orders FROM '${harness.url('txn-ok/')}' ${ROLE} CSV`);
		expect(await harness.committedRows('SELECT count(*) FROM orders')).toEqual([['0']]);
		await harness.run('ROLLBACK');
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['0']]);
	});

	it('with MAXERROR skips and records up to n bad rows, and fails on one more', async () => {
		const rows = [
			'1,ok,1.00,2026-01-01',
			'99999999999,big,1.00,2026-01-01',
			'3,ok,1.00,2026-02-30',
			'4,ok,1.00,2026-01-04',
			',nul\u0000,1.00,2026-01-05',
		];
		await harness.put('maxerror/orders.csv', `${rows.join('\n')}\n`);
		const result = await harness.run(
			`COPY orders FROM '${harness.url('maxerror/')}' ${ROLE} CSV MAXERROR AS 3`,
		);
		expect(result.rowCount).toBe(2);
		expect(result.notices).toEqual([
			"Load into table 'orders' completed, 2 record(s) loaded successfully.",
			"Load into table 'orders' completed, 3 record(s) could not be loaded.  Check 'stl_load_errors' system table for details.",
		]);
		expect(await harness.rows('SELECT id FROM orders ORDER BY id')).toEqual([['1'], ['4']]);
		const errors = await harness.rows(
			'SELECT line_number, trim(colname), err_code FROM stl_load_errors WHERE query = pg_last_copy_id() ORDER BY line_number',
		);
		expect(errors).toEqual([
			['2', 'id', '1204'],
			['3', 'placed', '1205'],
			['5', 'id', '1213'],
		]);

		await harness.run('TRUNCATE orders');
		const error = await failureOf(
			harness.run(`COPY orders FROM '${harness.url('maxerror/')}' ${ROLE} CSV MAXERROR 2`),
		);
		expect(error.message).toBe(LOAD_FAILED);
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['0']]);
	});

	it('reports invalid UTF-8 and NUL bytes, and rows with missing or extra fields', async () => {
		const bytes = Buffer.concat([
			Buffer.from('1|ab'),
			Buffer.from([0xc3, 0x28]),
			Buffer.from('|1|2026-01-01\n2|x\u0000y|1|2026-01-01\n3|short\n4|a|1|2026-01-01|extra\n'),
		]);
		await harness.put('bytes/orders.txt', bytes);
		// NOLOAD: validate only; MAXERROR lets the COPY finish so every bad row is reported
		const result = await harness.run(
			`COPY orders FROM '${harness.url('bytes/')}' ${ROLE} MAXERROR 10 NOLOAD`,
		);
		expect(result.rowCount).toBe(0);
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['0']]);
		const errors = await harness.rows(
			'SELECT line_number, trim(colname), err_code, trim(err_reason) FROM stl_load_errors WHERE query = pg_last_copy_id() ORDER BY line_number',
		);
		expect(errors).toEqual([
			[
				'1',
				'customer',
				'1220',
				'String contains invalid or unsupported UTF8 codepoints. Bad UTF8 hex sequence: c3 28',
			],
			['2', 'customer', '1214', 'Missing newline: Unexpected character 0x0 found at location 1'],
			['3', '', '1214', 'Delimiter not found'],
			['4', '', '1202', 'Extra column(s) found'],
		]);
	});

	it('gives each COPY a new query id that pg_last_copy_id() returns', async () => {
		await harness.put('ids/orders.csv', '1,a,1.00,2026-01-01\n');
		await harness.run(`COPY orders FROM '${harness.url('ids/')}' ${ROLE} CSV`);
		const first = await lastCopyId();
		await harness.run(`COPY orders FROM '${harness.url('ids/')}' ${ROLE} CSV`);
		const second = await lastCopyId();
		expect(second).toBeGreaterThan(first);
		expect(await harness.rows('SELECT pg_last_copy_count()')).toEqual([['1']]);
		const history = await harness.committedRows(
			'SELECT query_id, loaded_rows FROM sys_load_history WHERE query_id IN ($1, $2) ORDER BY query_id',
			[first, second],
		);
		expect(history).toEqual([
			[String(first), '1'],
			[String(second), '1'],
		]);
	});

	it('fails the COPY armed by FaultInjector.failCopy and leaves the table unchanged', async () => {
		await harness.put('fault/orders.csv', '1,a,1.00,2026-01-01\n');
		harness.faults.failCopy(1);
		await expect(
			harness.run(`COPY orders FROM '${harness.url('fault/')}' ${ROLE} CSV`),
		).rejects.toThrow('Injected failure of COPY');
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['0']]);
		await harness.run(`COPY orders FROM '${harness.url('fault/')}' ${ROLE} CSV`);
		expect(await harness.rows('SELECT count(*) FROM orders')).toEqual([['1']]);
	});

	it('names the missing table and unknown columns', async () => {
		await expect(
			harness.run(`COPY nowhere FROM '${harness.url('fault/')}' ${ROLE} CSV`),
		).rejects.toThrow('Cannot COPY into nonexistent table nowhere');
		await expect(
			harness.run(`COPY orders (id, nope) FROM '${harness.url('fault/')}' ${ROLE} CSV`),
		).rejects.toThrow('column "nope" of relation "orders" does not exist');
	});
});
