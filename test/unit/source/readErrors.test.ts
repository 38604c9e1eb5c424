import { describeReadFailure } from '../../../nodes/RedshiftSource/helpers/readErrors';

const context = {
	operation: 'readTable' as const,
	transport: 'dataApi' as const,
	target: 'the Data API (c/dev)',
};

describe('read failures', () => {
	it.each([
		'Query result exceeds the maximum size of 100 MB',
		'the result is larger than the Data API limit of 104857600 bytes; use UNLOAD for large results',
		'Row size exceeds 64 KB',
	])('names the Data API limits and Unload for %j', (message) => {
		const described = describeReadFailure(new Error(message), context);
		expect(described.message).toMatch(/The Data API refused the result/);
		expect(described.fix).toMatch(/100 MB per result and 64 KB per row/);
		expect(described.fix).toMatch(/\*Read Mode\* to Unload/);
	});

	it('does not blame the Data API limits over the wire', () => {
		const described = describeReadFailure(new Error('row too large'), {
			...context,
			transport: 'wire',
		});
		expect(described.fix ?? '').not.toMatch(/Data API/);
	});

	it('a Data API statement error without a code still names the missing table', () => {
		const described = describeReadFailure(
			new Error('ERROR: relation "public.nope" does not exist'),
			{ ...context, table: '"public"."nope"' },
		);
		expect(described.message).toMatch(/^The table "public"\."nope" does not exist/);
		expect(described.fix).toMatch(/Choose an existing table/);
	});
});
