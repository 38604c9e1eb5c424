import {
	integerLiteral,
	quoteLiteral,
	unquoteLiteral,
} from '../../../../nodes/shared/redshift/sql';

describe('string literals', () => {
	it('doubles single quotes and backslashes (Redshift reads backslash as an escape)', () => {
		expect(quoteLiteral("O'Brien")).toBe("'O''Brien'");
		expect(quoteLiteral('C:\\temp\\')).toBe("'C:\\\\temp\\\\'");
		expect(quoteLiteral("\\'; DROP TABLE x; --")).toBe("'\\\\''; DROP TABLE x; --'");
		expect(quoteLiteral('')).toBe("''");
	});

	it('round-trips every tricky text through unquoteLiteral', () => {
		for (const text of [
			"'",
			"''",
			'\\',
			"\\'",
			"a'b\\c'd",
			'line\nbreak',
			'emoji 😀',
			"'); DROP TABLE t; --",
		]) {
			const literal = quoteLiteral(text);
			// No unescaped quote can end the literal early.
			expect(literal.slice(1, -1).replace(/''|\\\\/g, '')).not.toMatch(/['\\]/);
			expect(unquoteLiteral(literal)).toBe(text);
		}
	});

	it('refuses NUL and lone surrogates, which no literal can carry', () => {
		expect(() => quoteLiteral('a\u0000b')).toThrow(/NUL/);
		expect(() => quoteLiteral('a\udc00')).toThrow(/UTF-8/);
	});

	it('writes only checked whole numbers into the grammar', () => {
		expect(integerLiteral(5, 'n')).toBe('5');
		expect(() => integerLiteral(1.5, 'FETCH count')).toThrow(/FETCH count must be a whole number/);
		expect(() => integerLiteral(-1, 'n')).toThrow();
		expect(() => integerLiteral(Number.NaN, 'n')).toThrow();
	});
});
