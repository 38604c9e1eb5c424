import { keysFor } from '../../../nodes/RedshiftSink/actions/changelog.operation';
import { groupChangeEvents } from '../../../nodes/RedshiftSink/helpers/changeEvents';
import { readSettings } from '../../../nodes/RedshiftSink/helpers/settings';
import { FakeExecution } from '../../support/n8n/fakeExecuteFunctions';

const group = (schema: string | undefined, table: string) => ({
	source: { schema, table },
	table: { schema: 'replica', name: table },
});

describe('Key Columns per Table', () => {
	it('reads the entries, each with its columns', () => {
		const parameters = {
			operation: 'changelog',
			writeMode: 'insert',
			changelogTarget: 'sourceTable',
			changelogTableKeys: { table: [{ table: 'public.orders', keyColumns: 'order_id, line_no' }] },
		};
		expect(readSettings(new FakeExecution({ parameters }).context)).toMatchObject({
			tableKeys: [{ table: 'public.orders', keys: ['order_id', 'line_no'] }],
		});
	});

	it('refuses an entry without a table or columns, and a table named twice', () => {
		const settings = (entries: object[]) => () =>
			readSettings(
				new FakeExecution({
					parameters: {
						operation: 'changelog',
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

describe('snapshot markers', () => {
	const item = (op: string, table: string) => ({
		json: {
			op,
			before: null,
			after: op === 'c' ? { id: 1 } : null,
			key: null,
			source: { lsn: '0/1', commitLsn: '0/1', schema: 'public', table, eventIndex: 0 },
		},
	});

	it("go to their source table's group, and are skipped when every event goes to one shared table", () => {
		const items = [item('c', 'a'), item('snapshotEnd', 'a'), item('snapshotEnd', 'b')];
		expect(
			groupChangeEvents(items, {}).groups.map((group) => group.events.map((event) => event.op)),
		).toEqual([['c', 'snapshotEnd'], ['snapshotEnd']]);
		const shared = groupChangeEvents(items, { table: { name: 'all_changes' } });
		expect(shared.skipped).toBe(2);
		expect(shared.groups.map((group) => group.itemIndexes)).toEqual([[0]]);
	});
});
