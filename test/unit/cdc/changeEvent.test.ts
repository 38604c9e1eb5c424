import {
	CHANGE_OPS,
	isChangeOp,
	isRowChangeOp,
	isUnchangedToast,
	UNCHANGED_TOAST,
	type CdcEvent,
	type ReceivedChangeEvent,
} from '../../../nodes/shared/cdc/changeEvent';
import type { SchemaChange } from '../../../nodes/shared/cdc/schema/diffRelations';
import { convertTupleValue } from '../../../nodes/shared/cdc/values/convert';

describe('the change event contract between trigger and Sink', () => {
	it('an event the trigger emits is an event a Sink accepts (checked by the compiler)', () => {
		const emitted: CdcEvent = {
			op: 'u',
			before: null,
			after: { id: '1', body: UNCHANGED_TOAST },
			key: { id: '1' },
			source: {
				lsn: '0/1',
				commitLsn: '0/2',
				txId: 7,
				ts_ms: 0,
				schema: 'public',
				table: 't',
				snapshot: false,
				eventIndex: 0,
				systemId: '1',
				timeline: 1,
			},
			unchangedToastColumns: ['body'],
		};
		const received: ReceivedChangeEvent<SchemaChange> = emitted;
		expect(isChangeOp(received.op)).toBe(true);
	});

	it('knows every op the trigger emits and no other', () => {
		expect([...CHANGE_OPS].sort()).toEqual(
			['c', 'd', 'm', 'r', 'schema', 'snapshotEnd', 't', 'u'].sort(),
		);
		for (const op of CHANGE_OPS) expect(isChangeOp(op)).toBe(true);
		expect(isChangeOp('insert')).toBe(false);
		expect(isChangeOp(undefined)).toBe(false);
	});

	it('only inserts, updates, deletes and snapshot reads carry a row', () => {
		expect(CHANGE_OPS.filter((op) => isRowChangeOp(op))).toEqual(['c', 'u', 'd', 'r']);
	});

	it('the decoder writes the very placeholder the Sink looks for', () => {
		const value = convertTupleValue({ kind: 'unchangedToast' }, 25, 'text');
		expect(value).toBe(UNCHANGED_TOAST);
		expect(isUnchangedToast(value)).toBe(true);
		expect(isUnchangedToast(null)).toBe(false);
	});
});
