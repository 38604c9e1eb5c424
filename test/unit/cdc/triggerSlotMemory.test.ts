import { ObservableObject, type IDataObject, type IObservableObject } from 'n8n-workflow';

import {
	readRelations,
	readSnapshotState,
	writeRelations,
	writeSnapshotState,
} from '../../../nodes/PostgresCdcTrigger/trigger/slotMemory';
import { RelationCache } from '../../../nodes/shared/cdc/envelope/relationCache';
import type { RelationMessage } from '../../../nodes/shared/cdc/pgoutput/messages';

/** Workflow static data and one node's part of it, observed exactly as n8n's Workflow does. */
function observedStaticData(stored: IDataObject = {}) {
	const root = ObservableObject.create(structuredClone(stored), undefined, {
		ignoreEmptyOnFirstChild: true,
	}) as IObservableObject;
	root['node:CDC'] ??= ObservableObject.create({}, root);
	root.__dataChanged = false;
	return { root, node: root['node:CDC'] as IDataObject };
}

function relation(columns: string[]): RelationMessage {
	return {
		tag: 'relation',
		relationOid: 42,
		schema: 'public',
		name: 'orders',
		replicaIdentity: 'd',
		columns: columns.map((name) => ({ isKey: name === 'id', name, typeOid: 23, typeModifier: -1 })),
	};
}

describe('slot memory in workflow static data', () => {
	it('marks the static data changed on every write, also after the entry existed (n8n saves only then)', () => {
		const { root, node } = observedStaticData();
		writeSnapshotState(node, 'slot_a', 'pending');
		expect(root.__dataChanged).toBe(true);
		root.__dataChanged = false;

		writeSnapshotState(node, 'slot_a', 'done');
		expect(root.__dataChanged).toBe(true);
		expect(readSnapshotState(node, 'slot_a')).toBe('done');

		// Why every write replaces the entry: writing inside an object added after n8n observed the data
		// is not noticed, and would never be saved.
		root.__dataChanged = false;
		(node.cdcSnapshots as IDataObject).slot_b = 'pending';
		expect(root.__dataChanged).toBe(false);
	});

	it('restores the definitions as of the slot confirmed position from the acknowledged cache and pending ones', () => {
		const { node } = observedStaticData();
		const acknowledged = new RelationCache();
		acknowledged.setRelation(relation(['id']));
		writeRelations(node, 'slot_a', {
			acknowledged,
			pending: [
				{ lsn: 0x100n, definitions: [relation(['id', 'note'])] },
				{ lsn: 0x200n, definitions: [relation(['id', 'note', 'price'])] },
			],
		});
		const saved = JSON.parse(JSON.stringify(node)) as IDataObject;
		const columnsAt = (confirmed: bigint) =>
			readRelations(saved, 'slot_a', confirmed)
				.getRelation(42)
				?.columns.map((column) => column.name);

		expect(columnsAt(0x0ffn)).toEqual(['id']);
		expect(columnsAt(0x100n)).toEqual(['id', 'note']);
		expect(columnsAt(0x300n)).toEqual(['id', 'note', 'price']);
		expect(readRelations(saved, 'other_slot', 0x300n).getRelation(42)).toBeUndefined();
	});
});
