import {
	decimalDigits,
	numericMisfit,
	timeMisfit,
	truncateUtf8,
	widenedLength,
} from '../../../nodes/shared/loads/columnFit';
import { ColumnFitCheck, type FitColumn } from '../../../nodes/shared/loads/columnFitCheck';
import { ItemValueError } from '../../../nodes/shared/loads/errors';
import type { ColumnFitPolicy } from '../../../nodes/shared/loads/types';

describe('widenedLength', () => {
	it('doubles from 256 and stops at 65,535', () => {
		expect(widenedLength(11)).toBe(256);
		expect(widenedLength(256)).toBe(256);
		expect(widenedLength(257)).toBe(512);
		expect(widenedLength(40000)).toBe(65535);
		expect(widenedLength(65535)).toBe(65535);
	});
});

describe('truncateUtf8', () => {
	it('cuts at the byte limit on a character boundary', () => {
		expect(truncateUtf8('abc', 5)).toBe('abc');
		expect(truncateUtf8('aé', 2)).toBe('a');
		expect(truncateUtf8('aéb', 3)).toBe('aé');
		expect(truncateUtf8('😀x', 3)).toBe('');
		expect(truncateUtf8('x😀', 5)).toBe('x😀');
	});
});

describe('NUMERIC digits', () => {
	it('counts significant digits before and after the point, exponents too', () => {
		expect(decimalDigits('00123.4500')).toEqual({ integer: 3, fraction: 2 });
		expect(decimalDigits('-0.001')).toEqual({ integer: 0, fraction: 3 });
		expect(decimalDigits('1.5e3')).toEqual({ integer: 4, fraction: 0 });
		expect(decimalDigits('1e-3')).toEqual({ integer: 0, fraction: 3 });
		expect(decimalDigits('.5')).toEqual({ integer: 0, fraction: 1 });
		expect(decimalDigits('1e100000')).toEqual({ integer: 1000, fraction: 0 });
		expect(decimalDigits('abc')).toBeUndefined();
		expect(decimalDigits('.')).toBeUndefined();
	});

	const type = { name: 'NUMERIC', precision: 6, scale: 2 } as const;
	it('refuses what COPY would round or overflow, and NaN/Infinity', () => {
		expect(numericMisfit('1234.56', type)).toBeUndefined();
		expect(numericMisfit('1.230', type)).toBeUndefined();
		expect(numericMisfit('1.234', type)).toMatch(
			/3 decimal place\(s\); the column is NUMERIC\(6,2\) and keeps 2 \(COPY would round it silently\)/,
		);
		expect(numericMisfit('12345', type)).toMatch(
			/5 digit\(s\) before the point; the column is NUMERIC\(6,2\) and holds 4/,
		);
		expect(numericMisfit('NaN', type)).toMatch(/no NaN or infinity/);
		expect(numericMisfit('-Infinity', type)).toMatch(/no NaN or infinity/);
		expect(numericMisfit('not a number', type)).toBeUndefined();
	});

	it('refuses infinite dates and timestamps', () => {
		expect(timeMisfit('infinity', { name: 'DATE' })).toMatch(/DATE has no infinity/);
		expect(timeMisfit('-Infinity', { name: 'TIMESTAMPTZ' })).toMatch(/TIMESTAMPTZ has no infinity/);
		expect(timeMisfit('2024-01-01', { name: 'DATE' })).toBeUndefined();
		expect(timeMisfit('294276-12-31', { name: 'DATE' })).toBeUndefined();
		expect(timeMisfit('294277-01-01', { name: 'DATE' })).toMatch(
			/DATE ends with the year 294276 AD/,
		);
		expect(timeMisfit('5874897-12-31', { name: 'DATE' })).toMatch(/ends with the year 294276 AD/);
		expect(timeMisfit('294277-01-01 00:00:00+00', { name: 'TIMESTAMPTZ' })).toMatch(
			/TIMESTAMPTZ ends with/,
		);
		expect(timeMisfit('300000-01-01 BC', { name: 'DATE' })).toBeUndefined();
	});
});

describe('ColumnFitCheck', () => {
	const columns: FitColumn[] = [
		{ name: 'name', type: { name: 'VARCHAR', length: 4 }, widenable: true },
		{ name: 'code', type: { name: 'CHAR', length: 2 }, widenable: true },
		{ name: 'amount', type: { name: 'NUMERIC', precision: 5, scale: 1 }, widenable: true },
	];
	const check = (policy?: ColumnFitPolicy, tableCreated = false) =>
		new ColumnFitCheck(columns, policy, {
			tableName: '"t"',
			nulBytes: 'error',
			tableCreated,
			itemIndexOfRow: (row) => row + 10,
		});
	const run = async (fit: ColumnFitCheck, rows: Record<string, unknown>[]) => {
		const out = [];
		for await (const row of fit.rows(rows)) out.push(row);
		return out;
	};

	it('records columns to widen by default, measuring UTF-8 bytes, and leaves values whole', async () => {
		const fit = check();
		const rows = [{ name: 'ab' }, { name: 'ééé' }, { name: { a: 1 } }, { name: null }];
		expect(await run(fit, rows)).toEqual(rows);
		expect(fit.columnsToWiden).toEqual([
			{ column: 'name', length: 4, newLength: 256, longestBytes: 7, firstItem: 11, values: 2 },
		]);
		expect(fit.warnings).toEqual([]);
	});

	it('cuts under Truncate, counting per column, without changing the input rows', async () => {
		const fit = check({ longValues: 'truncate' });
		const input = { name: 'ééé', code: 'xyz' };
		expect(await run(fit, [input])).toEqual([{ name: 'éé', code: 'xy' }]);
		expect(input.name).toBe('ééé');
		expect(fit.warnings).toEqual([
			'1 value(s) of column "name" in "t" were cut to 4 bytes of UTF-8 (policy "Values Longer Than the Column": Truncate).',
			'1 value(s) of column "code" in "t" were cut to 2 bytes of UTF-8 (policy "Values Longer Than the Column": Truncate).',
		]);
	});

	it('fails the item under Fail, for a CHAR under Widen, and for a table created by the load', async () => {
		await expect(run(check({ longValues: 'fail' }), [{ name: 'abcde' }])).rejects.toThrow(
			/^Item 10, column "name" of "t" \(VARCHAR\(4\)\): the value is 5 bytes of UTF-8; the column holds 4/,
		);
		await expect(run(check(), [{ code: 'abc' }])).rejects.toThrow(
			/only widen a VARCHAR, not a CHAR/,
		);
		await expect(run(check(undefined, true), [{ name: 'abcde' }])).rejects.toThrow(
			/created by this load/,
		);
		await expect(run(check(), [{ amount: '1.25' }])).rejects.toBeInstanceOf(ItemValueError);
	});

	it('applies the oversize policy before the long-value one', async () => {
		const huge = 'a'.repeat(70000);
		await expect(run(check(), [{ name: huge }])).rejects.toThrow(
			/70000 bytes of UTF-8; no Redshift VARCHAR holds more than 65535/,
		);
		await expect(run(check({ longValues: 'truncate' }), [{ name: huge }])).rejects.toThrow(
			/Values Over 65,535 Bytes/,
		);
		const fit = check({ oversizeValues: 'truncate' });
		expect(await run(fit, [{ name: huge }])).toEqual([{ name: 'a'.repeat(65535) }]);
		expect(fit.columnsToWiden[0]).toMatchObject({ newLength: 65535, longestBytes: 65535 });
	});
});
