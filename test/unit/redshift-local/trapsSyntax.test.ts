import { statementTokens } from '../../../redshift-local/engine/sqlTokens';
import { parseMerge } from '../../../redshift-local/engine/traps/merge';
import { rejectPostgresOnlySyntax } from '../../../redshift-local/engine/traps/postgresOnlySyntax';

const merge = (sql: string) => parseMerge(sql, statementTokens(sql));

describe('rejectPostgresOnlySyntax', () => {
	it('rejects ON CONFLICT and RETURNING with the syntax error Redshift gives', () => {
		expect(() =>
			rejectPostgresOnlySyntax('INSERT INTO t VALUES (1) ON CONFLICT (id) DO NOTHING'),
		).toThrow('syntax error at or near "ON"');
		expect(() => rejectPostgresOnlySyntax('insert into t values (1) returning id')).toThrow(
			'syntax error at or near "returning"',
		);
		expect(() => rejectPostgresOnlySyntax('UPDATE t SET a = 1 RETURNING *')).toThrow(
			'syntax error at or near "RETURNING"',
		);
		expect(() => rejectPostgresOnlySyntax('DELETE FROM t WHERE a = 1 RETURNING a;')).toThrow(
			/RETURNING/,
		);
	});

	it('lets the words through inside strings, quoted names, comments and joins', () => {
		expect(() =>
			rejectPostgresOnlySyntax("INSERT INTO t VALUES ('on conflict returning')"),
		).not.toThrow();
		expect(() =>
			rejectPostgresOnlySyntax('INSERT INTO t ("returning") VALUES (1) -- returning'),
		).not.toThrow();
		expect(() =>
			rejectPostgresOnlySyntax(
				'INSERT INTO t SELECT a.x FROM a JOIN b ON a.id = b.id /* on conflict */',
			),
		).not.toThrow();
	});
});

describe('parseMerge', () => {
	it('reads target, source, alias and condition', () => {
		const shape = merge(
			'MERGE INTO target USING stage AS s ON target.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.v)',
		);
		expect(shape).toMatchObject({
			alias: 's',
			condition: 'target.id = s.id',
			removeDuplicates: false,
		});
		expect(shape.target.parts).toEqual(['target']);
		expect(shape.source.parts).toEqual(['stage']);
	});

	it('reads the simplified REMOVE DUPLICATES form', () => {
		const shape = merge('merge into public.t using s on t.id = s.id remove duplicates;');
		expect(shape).toMatchObject({
			removeDuplicates: true,
			condition: 't.id = s.id',
			alias: undefined,
		});
		expect(shape.target.text).toBe('public.t');
	});

	it('rejects what Redshift MERGE does not have', () => {
		expect(() =>
			merge('MERGE INTO t USING (SELECT 1 AS id) s ON t.id = s.id WHEN MATCHED THEN DELETE'),
		).toThrow('syntax error at or near "("');
		expect(() =>
			merge('MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.x > 1 THEN DELETE'),
		).toThrow('syntax error at or near "AND"');
		expect(() =>
			merge('MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED THEN DO NOTHING'),
		).toThrow('syntax error at or near "DO"');
		expect(() =>
			merge('MERGE INTO t USING s ON t.id = s.id WHEN NOT MATCHED BY SOURCE THEN DELETE'),
		).toThrow('syntax error at or near "BY"');
	});
});
