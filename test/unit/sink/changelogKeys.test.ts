import { keysFor } from '../../../nodes/RedshiftSink/actions/changelog.operation';
import { readSettings } from '../../../nodes/RedshiftSink/helpers/settings';
import { FakeExecution } from '../../support/n8n/fakeExecuteFunctions';

const group = (schema: string | undefined, table: string) => ({
	source: { schema, table },
	table: { schema: 'replica', name: table },
});

describe('Key Columns per Table', () => {
	it('reads the entries, each with its columns', () => {
		const parameters = {
			tableAction: 'changelog',
			changelogTarget: 'sourceTable',
			changelogKeys: 'id',
			changelogTableKeys: { table: [{ table: 'public.orders', keyColumns: 'order_id, line_no' }] },
		};
		expect(readSettings(new FakeExecution({ parameters }).context)).toMatchObject({
			keys: ['id'],
			tableKeys: [{ table: 'public.orders', keys: ['order_id', 'line_no'] }],
		});
	});

	it('refuses an entry without a table or columns, and a table named twice', () => {
		const settings = (entries: object[]) => () =>
			readSettings(
				new FakeExecution({
					parameters: {
						tableAction: 'changelog',
						changelogTarget: 'sourceTable',
						changelogTableKeys: { table: entries },
					},
				}).context,
			);
		expect(settings([{ table: '', keyColumns: 'id' }])).toThrow(/has no source table/);
		expect(settings([{ table: 'orders', keyColumns: ' ' }])).toThrow(/"orders" has no key columns/);
		expect(
			settings([
				{ table: 'orders', keyColumns: 'a' },
				{ table: 'ORDERS', keyColumns: 'b' },
			]),
		).toThrow(/names "ORDERS" twice/);
	});

	it("matches the source's schema.table first, then its bare name, else takes the list for every table", () => {
		const entries = [
			{ table: 'orders', keys: ['any_schema'] },
			{ table: 'sales.orders', keys: ['sales_only'] },
		];
		expect(keysFor(group('sales', 'orders'), entries, ['id'])).toEqual(['sales_only']);
		expect(keysFor(group('public', 'orders'), entries, ['id'])).toEqual(['any_schema']);
		expect(keysFor(group('public', 'Orders'), entries, ['id'])).toEqual(['any_schema']);
		expect(keysFor(group('public', 'customers'), entries, ['id'])).toEqual(['id']);
		expect(keysFor(group('public', 'customers'), entries, [])).toEqual([]);
	});
});
