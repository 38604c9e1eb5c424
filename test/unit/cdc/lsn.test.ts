import { formatLsn, parseLsn } from '../../../nodes/shared/cdc/pgoutput';

describe('LSN text form', () => {
	it.each([
		[0n, '0/0'],
		[0x16b3748n, '0/16B3748'],
		[(0x16n << 32n) | 0xb374d848n, '16/B374D848'],
		[0xffffffffffffffffn, 'FFFFFFFF/FFFFFFFF'],
	])('formats %s as %s and parses it back', (lsn, text) => {
		expect(formatLsn(lsn)).toBe(text);
		expect(parseLsn(text)).toBe(lsn);
	});

	it('accepts lower-case hex and surrounding spaces', () => {
		expect(parseLsn(' 16/b374d848 ')).toBe((0x16n << 32n) | 0xb374d848n);
	});

	it('rejects what is not an LSN, saying the expected form', () => {
		expect(() => parseLsn('16B374D848')).toThrow("expected two hex numbers separated by '/'");
		expect(() => parseLsn('1/2/3')).toThrow('is not an LSN');
		expect(() => parseLsn('123456789/0')).toThrow('is not an LSN');
		expect(() => formatLsn(-1n)).toThrow(RangeError);
		expect(() => formatLsn(1n << 64n)).toThrow(RangeError);
	});
});
