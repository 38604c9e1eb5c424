import { splitStatements } from '../../../redshift-local/wire/splitStatements';
import { transactionControl } from '../../../redshift-local/wire/transactionControl';

/** Pure functions of the wire front (no servers needed, kept next to the front's other tests). */
describe('splitStatements', () => {
	it('splits on semicolons outside quotes, identifiers, dollar quotes and comments', () => {
		const sql = [
			"BEGIN; COPY t FROM 's3://b/k;1' IAM_ROLE 'arn:aws:iam::1:role/r';",
			'SELECT "a;b" FROM "x;y"; -- trailing; comment',
			"UNLOAD ('select * from t where s = ''a;b''') TO 's3://b/p';",
			'DO $fn$ BEGIN PERFORM 1; END $fn$; SELECT $$;$$, $1;',
			'/* block; /* nested; */ still; */ COMMIT',
		].join('\n');
		expect(splitStatements(sql)).toEqual([
			'BEGIN',
			"COPY t FROM 's3://b/k;1' IAM_ROLE 'arn:aws:iam::1:role/r'",
			'SELECT "a;b" FROM "x;y"',
			"UNLOAD ('select * from t where s = ''a;b''') TO 's3://b/p'",
			'DO $fn$ BEGIN PERFORM 1; END $fn$',
			'SELECT $$;$$, $1',
			'COMMIT',
		]);
	});

	it("honours backslash escapes only in E'…' strings", () => {
		expect(splitStatements("SELECT E'it\\'s; fine'; SELECT 'a\\'; SELECT 2")).toEqual([
			"SELECT E'it\\'s; fine'",
			"SELECT 'a\\'",
			'SELECT 2',
		]);
	});

	it('leaves out empty statements and lone comments, as PostgreSQL does', () => {
		expect(splitStatements(' ;; -- nothing\n /* here */ ;')).toEqual([]);
		expect(splitStatements('SELECT 1')).toEqual(['SELECT 1']);
	});
});

describe('transactionControl', () => {
	it.each([
		['BEGIN', 'begin'],
		['begin transaction isolation level serializable', 'begin'],
		['START TRANSACTION', 'begin'],
		['COMMIT', 'end'],
		['end', 'end'],
		['ROLLBACK WORK', 'end'],
		['ABORT', 'end'],
		['ROLLBACK TO SAVEPOINT s', 'other'],
		["COMMIT PREPARED 'x'", 'other'],
		['SELECT 1', 'other'],
	])('%s → %s', (statement, expected) => {
		expect(transactionControl(statement)).toBe(expected);
	});
});
