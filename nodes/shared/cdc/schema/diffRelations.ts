import type { RelationColumn, RelationMessage } from '../pgoutput/messages';
import { formatType, typeName, type TypeNameResolver } from './formatType';
import { typeModifierFacts, type TypeModifierFacts } from './typeModifier';

/**
 * A column as a schema event shows it. The optional fields are absent when unknown: the type has no
 * such modifier, or the catalog could not be read (e.g. the table was dropped since).
 */
export interface ColumnDefinition extends TypeModifierFacts {
	name: string;
	typeOid: number;
	typeModifier: number;
	/** pg_type.typname: 'int4', 'varchar', '_text', or an enum's name. */
	typeName: string;
	/** As format_type prints it: 'integer', 'character varying(20)', 'numeric(10,2)'. */
	formattedType: string;
	/**
	 * Part of the key. diffRelations copies pgoutput's flag (every column under REPLICA IDENTITY FULL);
	 * the assembler's schema events mark the columns of the events' `key` instead.
	 */
	isKey: boolean;
	/** False when the column is NOT NULL in the catalog. */
	nullable?: boolean;
	/** The column default as pg_get_expr prints it ('5', '\'x\'::character varying'); null when none. */
	default?: string | null;
	/** pg_type.typcategory from the catalog ('E' for enums); absent when the catalog was not read. */
	typeCategory?: string;
}

export interface RetypedColumn {
	name: string;
	from: ColumnDefinition;
	to: ColumnDefinition;
}

export interface RenamedColumn {
	from: string;
	to: string;
	column: ColumnDefinition;
}

/**
 * Why a schema event was sent: 'snapshot' describes a table before its snapshot rows, 'firstSight'
 * before the first change of a table in a replication session (also after every restart), 'changed'
 * where a table's definition changed within a session.
 */
export type SchemaChangeReason = 'snapshot' | 'firstSight' | 'changed';

/**
 * What changed between two Relation messages for the same table OID, or (reason 'snapshot' or
 * 'firstSight') a table's full description: then the diff arrays are empty unless an earlier known
 * definition differs. `columns` always lists every column.
 */
export interface SchemaChange {
	relationOid: number;
	schema: string;
	table: string;
	/** Set when the table was renamed or moved to another schema. */
	previousName?: { schema: string; table: string };
	addedColumns: ColumnDefinition[];
	droppedColumns: ColumnDefinition[];
	retypedColumns: RetypedColumn[];
	/**
	 * Inferred, not reported by Postgres: pgoutput carries no column numbers. A column is taken as
	 * renamed when the table kept its column count and, at the same position, an old name vanished and
	 * a new one appeared with the same type. Dropping the last column and adding one of the same type
	 * between two Relation messages looks the same; a rename is the safer reading (a sink that renames
	 * keeps data, one that drops loses it).
	 */
	renamedColumns: RenamedColumn[];
	/** Set when the replica identity columns changed. */
	keyColumns?: { from: string[]; to: string[] };
	/** Set when REPLICA IDENTITY changed ('d' default, 'n' nothing, 'f' full, 'i' index). */
	replicaIdentity?: {
		from: RelationMessage['replicaIdentity'];
		to: RelationMessage['replicaIdentity'];
	};
	/** The table's columns after the change, in order. */
	columns: ColumnDefinition[];
	reason?: SchemaChangeReason;
}

export function describeColumn(
	column: RelationColumn,
	resolve?: TypeNameResolver,
): ColumnDefinition {
	return {
		name: column.name,
		typeOid: column.typeOid,
		typeModifier: column.typeModifier,
		typeName: typeName(column.typeOid, resolve),
		formattedType: formatType(column.typeOid, column.typeModifier, resolve),
		isKey: column.isKey,
		...typeModifierFacts(column.typeOid, column.typeModifier),
	};
}

/** A table's full description: every column, nothing reported as changed. */
export function describeRelation(
	relation: RelationMessage,
	reason: SchemaChangeReason,
	resolve?: TypeNameResolver,
): SchemaChange {
	return {
		relationOid: relation.relationOid,
		schema: relation.schema,
		table: relation.name,
		addedColumns: [],
		droppedColumns: [],
		retypedColumns: [],
		renamedColumns: [],
		columns: relation.columns.map((column) => describeColumn(column, resolve)),
		reason,
	};
}

function sameType(a: RelationColumn, b: RelationColumn): boolean {
	return a.typeOid === b.typeOid && a.typeModifier === b.typeModifier;
}

function keyNames(relation: RelationMessage): string[] {
	return relation.columns.filter((column) => column.isKey).map((column) => column.name);
}

function inferRenames(
	previous: RelationMessage,
	next: RelationMessage,
	dropped: Set<string>,
	added: Set<string>,
): Array<[from: RelationColumn, to: RelationColumn]> {
	if (previous.columns.length !== next.columns.length) return [];
	const renames: Array<[RelationColumn, RelationColumn]> = [];
	previous.columns.forEach((old, index) => {
		const candidate = next.columns[index];
		if (dropped.has(old.name) && added.has(candidate.name) && sameType(old, candidate)) {
			renames.push([old, candidate]);
		}
	});
	return renames;
}

/**
 * Compares two definitions of the same relation. Returns undefined when nothing a consumer cares
 * about changed (Postgres resends an unchanged Relation after any invalidation, e.g. on reconnect).
 */
export function diffRelations(
	previous: RelationMessage,
	next: RelationMessage,
	resolve?: TypeNameResolver,
): SchemaChange | undefined {
	const oldByName = new Map(previous.columns.map((column) => [column.name, column]));
	const newNames = new Set(next.columns.map((column) => column.name));
	const dropped = new Set(
		previous.columns.filter((column) => !newNames.has(column.name)).map((c) => c.name),
	);
	const added = new Set(
		next.columns.filter((column) => !oldByName.has(column.name)).map((c) => c.name),
	);

	const renamedColumns: RenamedColumn[] = [];
	for (const [from, to] of inferRenames(previous, next, dropped, added)) {
		dropped.delete(from.name);
		added.delete(to.name);
		renamedColumns.push({ from: from.name, to: to.name, column: describeColumn(to, resolve) });
	}

	const retypedColumns: RetypedColumn[] = [];
	for (const column of next.columns) {
		const old = oldByName.get(column.name);
		if (old !== undefined && !sameType(old, column)) {
			retypedColumns.push({
				name: column.name,
				from: describeColumn(old, resolve),
				to: describeColumn(column, resolve),
			});
		}
	}

	const change: SchemaChange = {
		relationOid: next.relationOid,
		schema: next.schema,
		table: next.name,
		addedColumns: next.columns
			.filter((c) => added.has(c.name))
			.map((c) => describeColumn(c, resolve)),
		droppedColumns: previous.columns
			.filter((c) => dropped.has(c.name))
			.map((c) => describeColumn(c, resolve)),
		retypedColumns,
		renamedColumns,
		columns: next.columns.map((column) => describeColumn(column, resolve)),
		reason: 'changed',
	};
	if (previous.schema !== next.schema || previous.name !== next.name) {
		change.previousName = { schema: previous.schema, table: previous.name };
	}
	const [oldKey, newKey] = [keyNames(previous), keyNames(next)];
	if (oldKey.join('\0') !== newKey.join('\0')) change.keyColumns = { from: oldKey, to: newKey };
	if (previous.replicaIdentity !== next.replicaIdentity) {
		change.replicaIdentity = { from: previous.replicaIdentity, to: next.replicaIdentity };
	}

	const changed =
		change.addedColumns.length > 0 ||
		change.droppedColumns.length > 0 ||
		retypedColumns.length > 0 ||
		renamedColumns.length > 0 ||
		change.previousName !== undefined ||
		change.keyColumns !== undefined ||
		change.replicaIdentity !== undefined;
	return changed ? change : undefined;
}
