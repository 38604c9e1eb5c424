import type { RelationMessage } from '../pgoutput/messages';

/** Reads a relation's key columns (e.g. from the catalog); undefined: use the columns pgoutput flags. */
export type KeyColumnLookup = (relation: RelationMessage) => Promise<readonly string[] | undefined>;

/**
 * The key columns of each relation, looked up when its Relation message arrives (learn), so the
 * assembler reads a map per event and never waits for a query. Pass `keyColumns` as the assembler's
 * option of that name, and call learn() before pushing each Relation message into the assembler.
 */
export class RelationKeys {
	private readonly byOid = new Map<number, readonly string[] | undefined>();

	constructor(private readonly lookup: KeyColumnLookup) {}

	/** Looks the relation's key up (again: its definition may have changed) and remembers it. */
	async learn(relation: RelationMessage): Promise<void> {
		this.byOid.set(relation.relationOid, await this.lookup(relation));
	}

	readonly keyColumns = (relation: RelationMessage): readonly string[] | undefined =>
		this.byOid.get(relation.relationOid);
}
