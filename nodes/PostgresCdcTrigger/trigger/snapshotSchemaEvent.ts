import type { CdcEvent } from '../../shared/cdc/changeEvent';
import { typeModifierFacts } from '../../shared/cdc/schema/typeModifier';
import type { SnapshotChunk } from '../../shared/cdc/snapshot/initialSnapshot';
import { snapshotSource, type SnapshotPlace } from './snapshotSource';

/**
 * The description of a table before its snapshot rows: an op 'schema' event listing every published
 * column with its type (length, precision, scale, fractional digits, nullability and default as of the
 * snapshot), as a schema change lists the table's columns, with reason 'snapshot'. A consumer can then create or
 * widen its target before the rows arrive — also when a snapshot is taken again on a new slot, whose
 * stream has no earlier definition to report an added column against.
 */
export function snapshotSchemaEvent(
	input: Omit<SnapshotPlace, 'table'> & { chunk: SnapshotChunk },
): CdcEvent {
	const { chunk } = input;
	return {
		op: 'schema',
		before: null,
		after: null,
		key: null,
		source: snapshotSource({ ...input, table: chunk.table }),
		schemaChange: {
			relationOid: chunk.relationOid,
			schema: chunk.table.schema,
			table: chunk.table.table,
			addedColumns: [],
			droppedColumns: [],
			retypedColumns: [],
			renamedColumns: [],
			columns: chunk.columns.map((column) => ({
				name: column.name,
				typeOid: column.typeOid,
				typeModifier: column.typeModifier,
				typeName: column.pgTypeName,
				formattedType: column.typeName,
				isKey: column.isKey,
				...typeModifierFacts(column.typeOid, column.typeModifier),
				...(column.nullable === undefined ? {} : { nullable: column.nullable }),
				...(column.default === undefined ? {} : { default: column.default }),
				...(column.typeCategory === undefined ? {} : { typeCategory: column.typeCategory }),
			})),
			reason: 'snapshot',
		},
	};
}
