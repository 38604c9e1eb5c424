import { snapshotEvents } from '../../../nodes/PostgresCdcTrigger/trigger/snapshotEvents';
import type { CdcEvent } from '../../../nodes/shared/cdc/envelope/types';
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
		columns: [{ name: 'id', typeOid: INT4, typeName: 'integer', isKey: true }],
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
	it("emits a snapshotEnd marker after each table's last row, also for empty tables, numbering every event", async () => {
		const events = await eventsOf([
			chunk('empty_first', [], 0, true),
			chunk('orders', [1, 2], 2, false),
			chunk('orders', [3], 3, true),
			chunk('empty_middle', [], 0, true),
			chunk('lines', [7], 1, true),
			chunk('empty_last', [], 0, true),
		]);
		expect(events.map(brief)).toEqual([
			'snapshotEnd empty_first 0 #0 true',
			'r orders 1 #1 true',
			'r orders 2 #2 true',
			'r orders 3 #3 true',
			'snapshotEnd orders 3 #4 true',
			'snapshotEnd empty_middle 0 #5 true',
			'r lines 7 #6 last',
			'snapshotEnd lines 1 #7 true',
			'snapshotEnd empty_last 0 #8 true',
		]);
	});

	it('gives the marker the snapshot rows’ position and no row', async () => {
		const [row, marker] = await eventsOf([chunk('orders', [1], 1, true)]);
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
				eventIndex: 1,
			},
			snapshotEnd: { rows: 1 },
		});
		expect(row.source).toMatchObject({ lsn: '0/1000', commitLsn: '0/1000', snapshot: 'last' });
	});

	it('emits only markers when every table is empty (no row says last)', async () => {
		const events = await eventsOf([chunk('a', [], 0, true), chunk('b', [], 0, true)]);
		expect(events.map(brief)).toEqual(['snapshotEnd a 0 #0 true', 'snapshotEnd b 0 #1 true']);
	});

	it('stamps the source server on rows and markers, like streamed events', async () => {
		const identity = { systemId: '7301234567890123456', timeline: 2 };
		const events = await eventsOf([chunk('orders', [1], 1, true)], identity);
		expect(events.map((event) => [event.op, event.source.systemId, event.source.timeline])).toEqual(
			[
				['r', identity.systemId, 2],
				['snapshotEnd', identity.systemId, 2],
			],
		);
	});
});
