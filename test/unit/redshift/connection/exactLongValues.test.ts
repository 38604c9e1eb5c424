import { keepLongValuesExact } from '../../../../nodes/shared/redshift/connection/dataApi/exactLongValues';

describe('Data API long values beyond 2^53 stay exact', () => {
	it('turns an unsafe longValue into a string value and leaves safe ones as numbers', () => {
		const body =
			'{"Records":[[{"longValue":9223372036854775807},{"longValue":-9223372036854775808},{"longValue":9007199254740991},{"longValue":42}]]}';
		const parsed = JSON.parse(keepLongValuesExact(body)) as { Records: unknown[][] };
		expect(parsed.Records[0]).toEqual([
			{ stringValue: '9223372036854775807' },
			{ stringValue: '-9223372036854775808' },
			{ longValue: 9007199254740991 },
			{ longValue: 42 },
		]);
	});

	it('never touches text inside a string value', () => {
		const body = JSON.stringify({ stringValue: '"longValue":9223372036854775807}' });
		expect(keepLongValuesExact(body)).toBe(body);
	});

	it('without the rewrite JSON.parse rounds (why it exists)', () => {
		const parsed = JSON.parse('{"longValue":9223372036854775807}') as { longValue: number };
		expect(String(parsed.longValue)).not.toBe('9223372036854775807');
	});
});
