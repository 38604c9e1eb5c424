import { snapshotEvents } from '../../../nodes/PostgresCdcTrigger/trigger/snapshotEvents';
import type { CdcEvent } from '../../../nodes/shared/cdc/changeEvent';
import type { SnapshotChunk } from '../../../nodes/shared/cdc/snapshot/initialSnapshot';

const INT4 = 23;

function chunk(
	table: string,
	ids: number[],
	rowsSoFar: number,
	lastOfTable: boolean,
): SnapshotChunk {
	return {
		table: { schema: 'public', table },
		relationOid: 16_400,
		columns: [
			{
				name: 'id',
				typeOid: INT4,
				typeModifier: -1,
				pgTypeName: 'int4',
				typeName: 'integer',
				isKey: true,
			},
		],
		rows: ids.map((id) => [String(id)]),
		rowsSoFar,
		lastOfTable,
	};
}

async function eventsOf(
	chunks: SnapshotChunk[],
	identity?: { systemId: string; timeline: number },
): Promise<CdcEvent[]> {
	async function* source(): AsyncGenerator<SnapshotChunk> {
		yield* chunks;
	}
	const events: CdcEvent[] = [];
	for await (const event of snapshotEvents(source(), {
		consistentLsn: 0x1000n,
		valueMode: 'text',
		snapshotTime: new Date(5),
		identity,
	})) {
		events.push(event);
	}
	return events;
}

function brief(event: CdcEvent): string {
	const id = event.after?.id;
	const tail = event.op === 'snapshotEnd' ? String(event.snapshotEnd?.rows) : String(id);
	return `${event.op} ${String(event.source.table)} ${tail} #${event.source.eventIndex} ${String(event.source.snapshot)}`;
}

describe('snapshotEvents (initial snapshot → envelope events)', () => {
	it('describes each table before its rows and emits a snapshotEnd marker after its last row, also for empty tables, numbering every event', async () => {
		const events = await eventsOf([
			chunk('empty_first', [], 0, true),
			chunk('orders', [1, 2], 2, false),
			chunk('orders', [3], 3, true),
			chunk('empty_middle', [], 0, true),
			chunk('lines', [7], 1, true),
			chunk('empty_last', [], 0, true),
		]);
		expect(events.map(brief)).toEqual([
			'schema empty_first undefined #0 true',
			'snapshotEnd empty_first 0 #1 true',
			'schema orders undefined #2 true',
			'r orders 1 #3 true',
			'r orders 2 #4 true',
			'r orders 3 #5 true',
			'snapshotEnd orders 3 #6 true',
			'schema empty_middle undefined #7 true',
			'snapshotEnd empty_middle 0 #8 true',
			'schema lines undefined #9 true',
			'r lines 7 #10 last',
			'snapshotEnd lines 1 #11 true',
			'schema empty_last undefined #12 true',
			'snapshotEnd empty_last 0 #13 true',
		]);
	});

	it('gives the marker the snapshot rows’ position and no row', async () => {
		const [, row, marker] = await eventsOf([chunk('orders', [1], 1, true)]);
		expect(marker).toEqual({
			op: 'snapshotEnd',
			before: null,
			after: null,
			key: null,
			source: {
				lsn: row.source.lsn,
				commitLsn: row.source.commitLsn,
				txId: null,
				ts_ms: 5,
				schema: 'public',
				table: 'orders',
				snapshot: true,
				eventIndex: 2,
			},
			snapshotEnd: { rows: 1 },
		});
		expect(row.source).toMatchObject({ lsn: '0/1000', commitLsn: '0/1000', snapshot: 'last' });
	});

	it('emits only markers when every table is empty (no row says last)', async () => {
		const events = await eventsOf([chunk('a', [], 0, true), chunk('b', [], 0, true)]);
		expect(events.map(brief)).toEqual([
			'schema a undefined #0 true',
			'snapshotEnd a 0 #1 true',
			'schema b undefined #2 true',
			'snapshotEnd b 0 #3 true',
		]);
	});

	it('describes the table with its columns’ types at the snapshot rows’ position', async () => {
		const [description] = await eventsOf([chunk('orders', [1], 1, true)]);
		expect(description).toMatchObject({
			op: 'schema',
			before: null,
			after: null,
			key: null,
			source: {
				lsn: '0/1000',
				commitLsn: '0/1000',
				txId: null,
				table: 'orders',
				snapshot: true,
				eventIndex: 0,
			},
			schemaChange: {
				relationOid: 16_400,
				schema: 'public',
				table: 'orders',
				addedColumns: [],
				droppedColumns: [],
				columns: [
					{
						name: 'id',
						typeOid: INT4,
						typeModifier: -1,
						typeName: 'int4',
						formattedType: 'integer',
						isKey: true,
					},
				],
			},
		});
	});

	it('stamps the source server on rows and markers, like streamed events', async () => {
		const identity = { systemId: '7301234567890123456', timeline: 2 };
		const events = await eventsOf([chunk('orders', [1], 1, true)], identity);
		expect(events.map((event) => [event.op, event.source.systemId, event.source.timeline])).toEqual(
			[
				['schema', identity.systemId, 2],
				['r', identity.systemId, 2],
				['snapshotEnd', identity.systemId, 2],
			],
		);
	});
});
