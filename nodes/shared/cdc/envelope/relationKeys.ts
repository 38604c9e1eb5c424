import type { RelationMessage } from '../pgoutput/messages';

/**
 * The key columns of each relation, filled from the catalog when its Relation message arrives, so
 * the assembler reads a map per event and never waits for a query. Pass `keyColumns` as the
 * assembler's option of that name.
 */
export class RelationKeys {
	private readonly byOid = new Map<number, readonly string[] | undefined>();

	/** undefined: fall back to the columns pgoutput flags as key. */
	set(relationOid: number, columns: readonly string[] | undefined): void {
		this.byOid.set(relationOid, columns);
	}

	readonly keyColumns = (relation: RelationMessage): readonly string[] | undefined =>
		this.byOid.get(relation.relationOid);
}
