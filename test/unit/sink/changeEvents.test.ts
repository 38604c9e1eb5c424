import { groupChangeEvents } from '../../../nodes/RedshiftSink/helpers/changeEvents';

describe('groupChangeEvents', () => {
	const event = (op: string, table: string | null, schema = 'public') => ({
		json: {
			op,
			before: null,
			after: { id: 1 },
			key: { id: 1 },
			source: { lsn: '0/1', commitLsn: '0/1', schema, table, eventIndex: 0 },
		},
	});

	it('groups by source table in input order, applies a schema override and skips messages', () => {
		const { groups, skipped } = groupChangeEvents(
			[event('c', 'a'), event('m', null), event('u', 'b', 'other'), event('d', 'a')],
			{ schemaOverride: 'replica' },
		);
		expect(skipped).toBe(1);
		expect(groups.map((group) => ({ table: group.table, items: group.itemIndexes }))).toEqual([
			{ table: { schema: 'replica', name: 'a' }, items: [0, 3] },
			{ table: { schema: 'replica', name: 'b' }, items: [2] },
		]);
	});

	it('names the item that is not a change event', () => {
		expect(() => groupChangeEvents([event('c', 'a'), { json: { id: 5 } } as never], {})).toThrow(
			/Item 1: null is not a change operation/,
		);
		expect(() => groupChangeEvents([event('c', null)], {})).toThrow(
			/Item 0: the change has no source.table/,
		);
	});
});
