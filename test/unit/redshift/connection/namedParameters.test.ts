import { toNamedStatement } from '../../../../nodes/shared/redshift/connection/dataApi/namedParameters';

describe('toNamedStatement', () => {
	it('names positional parameters and sends values as strings', () => {
		const named = toNamedStatement({
			text: 'SELECT * FROM t WHERE a = $1 AND b > $2',
			values: ['x', 42],
		});
		expect(named.sql).toBe('SELECT * FROM t WHERE a = :p1 AND b > :p2');
		expect(named.parameters).toEqual([
			{ name: 'p1', value: 'x' },
			{ name: 'p2', value: '42' },
		]);
	});

	it('turns NULL and the empty string into constants the Data API cannot send as values', () => {
		const named = toNamedStatement({
			text: 'INSERT INTO t VALUES ($1, $2, $3)',
			values: [null, '', false],
		});
		expect(named.sql).toBe("INSERT INTO t VALUES (NULL, '', :p3)");
		expect(named.parameters).toEqual([{ name: 'p3', value: 'false' }]);
	});

	it('leaves $n inside literals, quoted identifiers, dollar quotes and comments alone', () => {
		const text = `SELECT '$1', "$2", $tag$ $1 $tag$, $$ $2 $$ -- $1\n, $1 /* $2 */ FROM t WHERE x = 'it''s $2'`;
		const named = toNamedStatement({ text, values: ['v', 'w'] });
		expect(named.sql).toBe(
			`SELECT '$1', "$2", $tag$ $1 $tag$, $$ $2 $$ -- $1\n, :p1 /* $2 */ FROM t WHERE x = 'it''s $2'`,
		);
		expect(named.parameters).toEqual([{ name: 'p1', value: 'v' }]);
	});

	it('uses the given prefix so statements of one batch never share a name', () => {
		expect(toNamedStatement({ text: 'SELECT $1', values: [1] }, 's2p').sql).toBe('SELECT :s2p1');
	});

	it('says which placeholder has no value', () => {
		expect(() => toNamedStatement({ text: 'SELECT $3', values: [1] })).toThrow(
			'The statement uses $3 but only 1 value(s) were given.',
		);
	});
});
