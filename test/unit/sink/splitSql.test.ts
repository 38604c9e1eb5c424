import { splitSqlStatements } from '../../../nodes/common/helpers/splitSql';

describe('splitSqlStatements', () => {
	it('splits at semicolons outside quotes, identifiers, dollar quotes and comments', () => {
		expect(
			splitSqlStatements(`INSERT INTO a VALUES ('x;y'); -- a comment; still comment
UPDATE "we;ird" SET b = $$c;d$$ /* block; comment */ ;;
  DELETE FROM t WHERE s = 'it''s;'`),
		).toEqual([
			"INSERT INTO a VALUES ('x;y')",
			'-- a comment; still comment\nUPDATE "we;ird" SET b = $$c;d$$ /* block; comment */',
			"DELETE FROM t WHERE s = 'it''s;'",
		]);
	});

	it('gives nothing for blank text or comments only', () => {
		expect(splitSqlStatements('')).toEqual([]);
		expect(splitSqlStatements('  ;\n -- just a note\n')).toEqual([]);
	});
});
