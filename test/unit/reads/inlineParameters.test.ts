import { inlineParameters } from '../../../nodes/shared/reads/inlineParameters';

describe('inlineParameters (UNLOAD binds no parameters)', () => {
	it('writes each value as a literal of its type', () => {
		expect(
			inlineParameters({
				text: 'SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 AND d IS $4 AND e = $5 AND f = $1',
				values: ["it's \\ here", -1, true, null, 12345678901234567890n],
			}),
		).toBe(
			"SELECT * FROM t WHERE a = 'it''s \\\\ here' AND b = (-1) AND c = TRUE AND d IS NULL AND e = (12345678901234567890) AND f = 'it''s \\\\ here'",
		);
	});

	it('a negative number cannot turn x-$1 into a comment', () => {
		expect(inlineParameters({ text: 'SELECT x-$1', values: [-2] })).toBe('SELECT x-(-2)');
	});

	it('leaves $n inside strings, quoted identifiers and comments alone', () => {
		expect(
			inlineParameters({
				text: `SELECT '$1', 'it''s $1', 'a\\'$1', "col$1", $1 -- $1\n/* $1 */ FROM t`,
				values: ['v'],
			}),
		).toBe(`SELECT '$1', 'it''s $1', 'a\\'$1', "col$1", 'v' -- $1\n/* $1 */ FROM t`);
	});

	it('$10 is not $1 followed by 0', () => {
		const values = Array.from({ length: 10 }, (_, index) => index + 1);
		expect(inlineParameters({ text: 'SELECT $10, $1', values })).toBe('SELECT (10), (1)');
	});

	it('refuses a placeholder without a value, and non-finite numbers', () => {
		expect(() => inlineParameters({ text: 'SELECT $2', values: [1] })).toThrow(
			'The query uses $2 but 1 query parameter(s) were given.',
		);
		expect(() => inlineParameters({ text: 'SELECT $1', values: [NaN] })).toThrow(/finite/);
	});

	it('text without values is unchanged', () => {
		expect(inlineParameters({ text: 'SELECT $1' })).toBe('SELECT $1');
	});
});
