import {
	normalizeIdentifier,
	parseTableName,
	quoteColumnList,
	quoteIdentifier,
	quoteTable,
	tableKey,
} from '../../../../nodes/shared/redshift/sql';

describe('identifiers', () => {
	it('folds ASCII letters to lower case as Redshift does, and keeps other letters', () => {
		expect(normalizeIdentifier('CustomerID')).toBe('customerid');
		expect(normalizeIdentifier('ÄbC')).toBe('Äbc');
		expect(normalizeIdentifier('MixedCase', { caseSensitive: true })).toBe('MixedCase');
	});

	it('always quotes, so reserved words, spaces and dots are plain names', () => {
		expect(quoteIdentifier('select')).toBe('"select"');
		expect(quoteIdentifier('Order Date')).toBe('"order date"');
		expect(quoteIdentifier('a.b')).toBe('"a.b"');
		expect(quoteTable({ schema: 'Sales', name: 'Table' })).toBe('"sales"."table"');
		expect(quoteTable({ name: 'user' })).toBe('"user"');
		expect(tableKey({ schema: 'Sales', name: 'Orders' })).toBe('sales.orders');
	});

	it('doubles embedded double quotes, so injection attempts stay inside the name', () => {
		expect(quoteIdentifier('x"; DROP TABLE users; --')).toBe('"x""; drop table users; --"');
		expect(quoteTable({ schema: 'public', name: 't" CASCADE --' })).toBe(
			'"public"."t"" cascade --"',
		);
		expect(quoteIdentifier('""')).toBe('""""""');
	});

	it('counts the 127-byte limit in UTF-8 bytes', () => {
		expect(quoteIdentifier('a'.repeat(127))).toHaveLength(129);
		expect(() => quoteIdentifier('a'.repeat(128))).toThrow(
			/128 bytes of UTF-8; Redshift allows at most 127/,
		);
		// 64 two-byte letters = 128 bytes, although only 64 characters.
		expect(() => quoteIdentifier('é'.repeat(64))).toThrow(/128 bytes/);
		expect(quoteIdentifier('😀'.repeat(31))).toBe(`"${'😀'.repeat(31)}"`);
	});

	it('rejects empty names, NUL and control characters, and invalid UTF-8', () => {
		expect(() => quoteIdentifier('')).toThrow(/non-empty/);
		expect(() => quoteIdentifier('   ')).toThrow(/white space/);
		expect(() => quoteIdentifier('a\u0000b')).toThrow(/control character/);
		expect(() => quoteIdentifier('a\nb')).toThrow(/control character/);
		expect(() => quoteIdentifier('a\ud800b')).toThrow(/lone surrogate/);
	});

	it('rejects column lists with names that fold together', () => {
		expect(quoteColumnList(['Id', 'Name'])).toBe('"id", "name"');
		expect(() => quoteColumnList(['Name', 'NAME'])).toThrow(
			/"Name" and "NAME" are the same column/,
		);
		expect(() => quoteColumnList([])).toThrow(/at least one/);
	});

	it('parses table names as users type them', () => {
		expect(parseTableName('orders')).toEqual({ name: 'orders' });
		expect(parseTableName(' sales.Orders ')).toEqual({ schema: 'sales', name: 'Orders' });
		expect(parseTableName('"My Schema"."a.b"')).toEqual({ schema: 'My Schema', name: 'a.b' });
		expect(parseTableName('"say ""hi"""')).toEqual({ name: 'say "hi"' });
		expect(() => parseTableName('db.sales.orders')).toThrow(/3 parts/);
		expect(() => parseTableName('orders; drop table x')).toThrow(/not a table name/);
		expect(() => parseTableName('"open')).toThrow(/Unterminated/);
	});
});
