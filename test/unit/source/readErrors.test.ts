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

	it.each([
		['ECONNREFUSED', /^Nothing accepts connections at the Data API \(c\/dev\)/],
		['ECONNRESET', /^The connection to the Data API \(c\/dev\) was closed/],
		['28P01', /^Redshift refused the login/],
	])('describes a connection failure (%s) with the shared words', (code, expected) => {
		const failure = Object.assign(new Error('connect failed password=hunter2'), { code });
		const described = describeReadFailure(failure, context);
		expect(described.message).toMatch(expected);
		expect(described.message).not.toContain('hunter2');
	});

	it('names the parameter holding the bucket when it does not exist', () => {
		const missing = Object.assign(new Error('The specified bucket does not exist'), {
			name: 'NoSuchBucket',
		});
		expect(describeReadFailure(missing, context).fix).toMatch(/\*S3 Bucket\*/);
		expect(describeReadFailure(missing, { ...context, operation: 'readUnloadedFile' }).fix).toMatch(
			/\*File URL\*/,
		);
	});

	it('leaves other failures to Redshift words', () => {
		expect(describeReadFailure(new Error('disk full'), context).message).toBe(
			'Reading from Redshift failed: disk full',
		);
	});
});
