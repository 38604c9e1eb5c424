import type { RelationMessage } from '../pgoutput/messages';
import type { ColumnFactsByName } from '../schema/columnFacts';

/** What the catalog says about a relation (undefined parts: unknown, e.g. the table was dropped). */
export interface RelationFacts {
	/** The events' key columns; undefined: use the columns pgoutput flags. */
	keyColumns: readonly string[] | undefined;
	/** Nullability and default per column, for schema events. */
	columns?: ColumnFactsByName;
}

/** Reads a relation's facts (e.g. from the catalog, in one query). */
export type RelationFactsLookup = (relation: RelationMessage) => Promise<RelationFacts>;

/**
 * The key columns and column facts of each relation, looked up when its Relation message arrives
 * (learn), so the assembler reads a map per event and never waits for a query. Pass `keyColumns` and
 * `columnFacts` as the assembler's options of those names, and call learn() before pushing each
 * Relation message into the assembler.
 */
export class RelationKeys {
	private readonly byOid = new Map<number, RelationFacts>();

	constructor(private readonly lookup: RelationFactsLookup) {}

	/** Looks the relation up (again: its definition may have changed) and remembers what it found. */
	async learn(relation: RelationMessage): Promise<void> {
		this.byOid.set(relation.relationOid, await this.lookup(relation));
	}

	readonly keyColumns = (relation: RelationMessage): readonly string[] | undefined =>
		this.byOid.get(relation.relationOid)?.keyColumns;

	readonly columnFacts = (relation: RelationMessage): ColumnFactsByName | undefined =>
		this.byOid.get(relation.relationOid)?.columns;
}
