import { parquetFormat, StagingError, type StagingColumn } from '../../../nodes/shared/staging';

const refusal = (columns: StagingColumn[]): unknown => {
	try {
		parquetFormat(columns, { nulBytes: 'error' });
	} catch (error) {
		return error;
	}
	return undefined;
};

/** Columns Redshift's COPY cannot load from Parquet are refused before any row is staged, naming the column. */
describe('Parquet staging refuses what COPY from Parquet cannot load', () => {
	it.each([
		['TIME', { name: 'TIME' }],
		['TIMETZ', { name: 'TIMETZ' }],
	] as const)('refuses a %s column, naming it and CSV staging', (typeName, type) => {
		const error = refusal([
			{ name: 'id', type: { name: 'BIGINT' } },
			{ name: 'opens_at', type },
		]);
		expect(error).toBeInstanceOf(StagingError);
		expect((error as Error).message).toBe(
			`Parquet staging cannot write ${typeName} column "opens_at": Redshift's COPY does not load TIME or TIMETZ columns from Parquet; use CSV staging.`,
		);
	});

	it('refuses a SUPER column: a Parquet string would load as a SUPER string, not the JSON it holds', () => {
		const error = refusal([{ name: 'doc', type: { name: 'SUPER' } }]);
		expect(error).toBeInstanceOf(StagingError);
		expect((error as Error).message).toMatch(
			/^Parquet staging cannot write SUPER column "doc": .*string.*; use CSV staging\.$/,
		);
	});
});
