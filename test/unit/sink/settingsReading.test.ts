import { RedshiftSink } from '../../../nodes/RedshiftSink/RedshiftSink.node';
import { readSettings, SettingsError } from '../../../nodes/RedshiftSink/helpers/settings';
import { FakeExecution, locator } from '../../support/n8n/fakeExecuteFunctions';

/** What write mode Copy needs besides the table; the rest comes from the node's defaults. */
const STAGING = { bucket: 'staging-bucket', iamRole: 'arn:aws:iam::123456789012:role/Copy' };

const settingsFor = (parameters: Record<string, unknown>) =>
	readSettings(
		new FakeExecution({
			parameters: { ...STAGING, schema: locator('public'), table: locator('t'), ...parameters },
		}).context,
	);

const failureOf = (parameters: Record<string, unknown>): SettingsError => {
	try {
		settingsFor(parameters);
	} catch (error) {
		if (error instanceof SettingsError) return error;
		throw error;
	}
	throw new Error('readSettings accepted the parameters');
};

describe('readSettings', () => {
	it('reads upsert keys from the mapper, or the override', () => {
		expect(settingsFor({ operation: 'upsert', columns: { matchingColumns: ['id'] } }).keys).toEqual(
			['id'],
		);
		expect(
			settingsFor({
				operation: 'upsert',
				columns: { matchingColumns: ['id'] },
				options: { keyColumns: 'a, b' },
			}).keys,
		).toEqual(['a', 'b']);
		expect(() => settingsFor({ operation: 'upsert', columns: { matchingColumns: [] } })).toThrow(
			SettingsError,
		);
	});

	it('reads COPY options, hooks and file size', () => {
		const settings = settingsFor({
			operation: 'append',
			writeMode: 'copy',
			copyOptions: {
				maxError: 3,
				truncateColumns: true,
				timeFormat: 'epochsecs',
				emptyAsNull: true,
				acceptInvChars: false,
				targetFileSizeMb: 2,
				region: 'eu-west-1',
			},
			options: { sqlBefore: 'DELETE FROM t; SELECT 1', ignoreExtraFields: true, stripNul: true },
		});
		expect(settings.copy).toEqual({
			maxError: 3,
			truncateColumns: true,
			timeFormat: 'epochsecs',
			emptyAsNull: true,
		});
		expect(settings).toMatchObject({
			targetFileBytes: 2 * 1024 * 1024,
			bucketRegion: 'eu-west-1',
			extraFields: 'ignore',
			nulBytes: 'strip',
			table: { schema: 'public', name: 't' },
		});
		expect(settings.hooks.before).toEqual([{ text: 'DELETE FROM t' }, { text: 'SELECT 1' }]);
	});

	it('needs no table for a changelog to the source tables, and takes upsert or changelog in insert mode', () => {
		const settings = readSettings(
			new FakeExecution({
				parameters: {
					...STAGING,
					operation: 'changelog',
					changelogTarget: 'sourceTable',
					changelogSchema: 'replica',
				},
			}).context,
		);
		expect(settings).toMatchObject({ table: undefined, changelogSchema: 'replica', keys: [] });
		expect(
			settingsFor({ operation: 'changelog', changelogTarget: 'fixedTable', changelogKeys: ['id'] })
				.keys,
		).toEqual(['id']);
		expect(settingsFor({ operation: 'changelog', writeMode: 'insert' })).toMatchObject({
			operation: 'changelog',
			writeMode: 'insert',
		});
		expect(
			settingsFor({ operation: 'upsert', writeMode: 'insert', options: { keyColumns: 'id' } }),
		).toMatchObject({ operation: 'upsert', writeMode: 'insert', keys: ['id'] });
		expect(() => settingsFor({ operation: 'append', table: locator('') })).toThrow(
			/No table is chosen/,
		);
	});
});

describe('column fit options', () => {
	it('default to widening long values and failing values over 65,535 bytes, in both write modes', () => {
		expect(settingsFor({}).columnFit).toEqual({ longValues: 'widen', oversizeValues: 'fail' });
		expect(
			settingsFor({ writeMode: 'insert', copyOptions: { truncateColumns: true } }).columnFit,
		).toEqual({ longValues: 'widen', oversizeValues: 'fail' });
	});

	it('read the two policies from Options, and Truncate Columns when the first is not set', () => {
		expect(
			settingsFor({
				writeMode: 'insert',
				options: { longValues: 'fail', oversizeValues: 'truncate' },
			}).columnFit,
		).toEqual({ longValues: 'fail', oversizeValues: 'truncate' });
		expect(settingsFor({ copyOptions: { truncateColumns: true } }).columnFit).toEqual({
			longValues: 'truncate',
			oversizeValues: 'fail',
		});
		expect(
			settingsFor({ copyOptions: { truncateColumns: true }, options: { longValues: 'widen' } })
				.columnFit.longValues,
		).toBe('widen');
		expect(() => settingsFor({ options: { longValues: 'stretch' } })).toThrow(
			/choose Widen the Column, Fail or Truncate/,
		);
	});

	it('are options of the node with safe defaults', () => {
		const options =
			new RedshiftSink().description.properties.find((property) => property.name === 'options')
				?.options ?? [];
		const byName = new Map(
			options.map((option) => [
				option.name,
				option as { displayName: string; default: unknown; options?: { value: string }[] },
			]),
		);
		expect(byName.get('longValues')).toMatchObject({
			displayName: 'Values Longer Than the Column',
			default: 'widen',
		});
		expect(byName.get('longValues')?.options?.map((option) => option.value)).toEqual([
			'widen',
			'fail',
			'truncate',
		]);
		expect(byName.get('oversizeValues')).toMatchObject({
			displayName: 'Values Over 65,535 Bytes',
			default: 'fail',
		});
		expect(byName.get('oversizeValues')?.options?.map((option) => option.value)).toEqual([
			'fail',
			'truncate',
		]);
	});
});

describe('settings errors name the parameter as the editor shows it', () => {
	it.each([
		[{ table: locator('') }, 'Table', /No table is chosen/],
		[{ bucket: '' }, 'S3 Bucket', /No S3 bucket/],
		[{ iamRole: ' , ' }, 'IAM Role', /COPY needs an IAM role/],
		[
			{ copyOptions: { fileFormat: 'parquet', maxError: 5, region: 'eu-west-1' } },
			'Copy Options > File Format',
			/COPY from Parquet does not take Max Errors, Bucket Region/,
		],
		[
			{ operation: 'upsert', columns: { mappingMode: 'defineBelow', matchingColumns: [] } },
			'Columns',
			/Upsert needs key columns/,
		],
		[
			{ options: { longValues: 'stretch' } },
			'Options > Values Longer Than the Column',
			/choose Widen the Column/,
		],
		[
			{ operation: 'changelog', changelogTableKeys: { table: [{ table: 'orders' }] } },
			'Key Columns per Table',
			/"orders" has no key columns/,
		],
		[
			{ createTable: true, tableDesign: { distStyle: 'KEY' } },
			'Table Design > Dist Key',
			/no Dist Key column/,
		],
	])('%j -> %s', (parameters, path, message) => {
		const error = failureOf(parameters);
		expect(error.parameter).toBe(path);
		expect(error.message).toMatch(message);
		expect(error.message).not.toMatch(/copyAuthorization|tableAction|changelogTableKeys/);
	});
});
