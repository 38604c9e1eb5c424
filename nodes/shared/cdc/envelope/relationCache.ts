import type { RelationMessage, TypeMessage } from '../pgoutput/messages';
import { typeName } from '../schema/formatType';

/** A RelationCache as plain JSON, e.g. for the trigger's static data. */
export interface SerializedRelationCache {
	relations: RelationMessage[];
	types: TypeMessage[];
}

/**
 * The latest Relation (and Type) message per OID. pgoutput sends a Relation before the first change
 * of a table in a session and again whenever its definition changed, so tuples are always decoded
 * against the newest definition.
 *
 * To detect schema changes across restarts, keep a second cache at the acknowledged position (apply
 * each acknowledged transaction's `definitions`), start each session's assembler from a clone of it,
 * and persist it (toJSON). A cache ahead of the restart position would compare replayed older
 * definitions with newer ones.
 */
export class RelationCache {
	private readonly relations = new Map<number, RelationMessage>();
	private readonly types = new Map<number, TypeMessage>();

	/** Stores a definition; returns the one it replaced, if any. */
	setRelation(relation: RelationMessage): RelationMessage | undefined {
		const previous = this.relations.get(relation.relationOid);
		this.relations.set(relation.relationOid, relation);
		return previous;
	}

	getRelation(relationOid: number): RelationMessage | undefined {
		return this.relations.get(relationOid);
	}

	/** The definition a change refers to; a missing one means the stream was not read from its start. */
	requireRelation(relationOid: number, forWhat: string): RelationMessage {
		const relation = this.relations.get(relationOid);
		if (relation === undefined) {
			throw new Error(
				`Received ${forWhat} for relation OID ${relationOid} before its Relation message. ` +
					'Decoder state must start with the replication session: restart the stream.',
			);
		}
		return relation;
	}

	setType(type: TypeMessage): void {
		this.types.set(type.typeOid, type);
	}

	/** pg_type.typname for built-in types and for types announced by Type messages. */
	readonly typeName = (typeOid: number): string | undefined => {
		const name = typeName(typeOid, (oid) => this.types.get(oid)?.name);
		return name.startsWith('oid:') ? undefined : name;
	};

	/** Applies definitions in order (e.g. AssembledTransaction.definitions once that transaction is acknowledged). */
	apply(definitions: Iterable<RelationMessage | TypeMessage>): void {
		for (const definition of definitions) {
			if (definition.tag === 'relation') this.setRelation(definition);
			else this.setType(definition);
		}
	}

	/** An independent copy (the definitions themselves are never mutated, so they are shared). */
	clone(): RelationCache {
		const copy = new RelationCache();
		copy.apply(this.types.values());
		copy.apply(this.relations.values());
		return copy;
	}

	toJSON(): SerializedRelationCache {
		return { relations: [...this.relations.values()], types: [...this.types.values()] };
	}

	static fromJSON(data: SerializedRelationCache): RelationCache {
		const cache = new RelationCache();
		for (const relation of data.relations) cache.setRelation(relation);
		for (const type of data.types) cache.setType(type);
		return cache;
	}
}
