import { RedshiftSource } from '../../../nodes/RedshiftSource/RedshiftSource.node';
import { readSettings } from '../../../nodes/RedshiftSource/helpers/settings';
import { FakeExecution, locator } from '../../support/n8n/fakeExecuteFunctions';

const description = new RedshiftSource().description;

/** The settings as the node reads them from parameters resolved like n8n does. */
const settingsOf = (parameters: Record<string, unknown>) =>
	readSettings(
		new FakeExecution({
			parameters,
			items: [{ json: {} }],
			nodeType: 'n8n-nodes-redshift-cdc.redshiftSource',
			description,
		}).context,
	);

const table = { schema: locator('sales', 'list'), table: locator('orders') };

describe('Redshift Source settings', () => {
	it('defaults: Read Table, Direct, Rows as Items, pages of 10,000, Max Rows 100,000, exact numbers', () => {
		expect(settingsOf(table)).toEqual({
			operation: 'readTable',
			readMode: 'direct',
			output: 'rows',
			pageSize: 10_000,
			maxRows: 100_000,
			numbers: 'text',
			incremental: undefined,
			tableRead: {
				table: { schema: 'sales', name: 'orders' },
				columns: [],
				conditions: [],
				combine: 'AND',
				sort: [],
				limit: undefined,
			},
		});
	});

	it('reads Unload settings with their defaults, roles split at commas', () => {
		const settings = settingsOf({
			...table,
			readMode: 'unload',
			bucket: 'b',
			iamRole: 'arn:aws:iam::123456789012:role/a, arn:aws:iam::123456789012:role/b',
		});
		expect(settings.unload).toEqual({
			bucket: 'b',
			prefix: 'n8n-redshift-source',
			authorization: {
				iamRoles: ['arn:aws:iam::123456789012:role/a', 'arn:aws:iam::123456789012:role/b'],
			},
			format: 'parquet',
			parallel: true,
			maxFileSizeMb: 6200,
			keepFiles: false,
			concurrency: 4,
		});
	});

	it('reads the incremental options; key columns split at commas', () => {
		expect(
			settingsOf({ ...table, options: { cursorColumn: 'updated_at', keyColumns: 'id, part' } })
				.incremental,
		).toEqual({ cursorColumn: 'updated_at', keyColumns: ['id', 'part'], reset: false });
	});

	it('splits comma-separated query parameters and keeps an array as given', () => {
		const query = (queryParameters: unknown) =>
			settingsOf({ operation: 'executeQuery', query: 'SELECT $1', queryParameters }).queryRead;
		expect(query('a, 2 ,x')).toEqual({ sql: 'SELECT $1', values: ['a', '2', 'x'] });
		expect(query(['a,b', 2, null, { k: 1 }])).toEqual({
			sql: 'SELECT $1',
			values: ['a,b', 2, null, '{"k":1}'],
		});
		expect(query('')).toEqual({ sql: 'SELECT $1', values: [] });
	});

	it.each([
		[{ table: locator('') }, 'Choose a table in *Table* (or type its name).'],
		[
			{ where: { conditions: [{ operator: 'equal', value: '1' }] } },
			'Choose a column in every condition of *Select Rows*, or remove the empty condition.',
		],
		[{ returnAll: false, limit: 0 }, 'Set *Limit* to a whole number of at least 1.'],
		[{ options: { maxRows: 2.5 } }, 'Set *Options > Max Rows* to a whole number of at least 1.'],
		[
			{ readMode: 'unload', bucket: 'b', iamRole: '' },
			'Enter the role in *IAM Role* (or "default"), or set *Unload Authorization* to S3 Staging Credential Keys.',
		],
		[
			{ readMode: 'unload', bucket: 'b', iamRole: 'default', options: { cursorColumn: 'ts' } },
			'Set *Read Mode* to Direct, or clear *Options > Incremental: Cursor Column*.',
		],
	])('refuses %j naming the fix', (parameters, fix) => {
		let caught: unknown;
		try {
			settingsOf({ ...table, ...parameters });
		} catch (error) {
			caught = error;
		}
		expect((caught as { fix?: string }).fix).toBe(fix);
	});

	it('an empty query says to write one SELECT', () => {
		expect(() => settingsOf({ operation: 'executeQuery', query: '  ' })).toThrow(
			'The query is empty.',
		);
	});
});
