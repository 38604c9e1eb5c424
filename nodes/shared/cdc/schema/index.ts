export { addCatalogFacts, type ColumnCatalogFacts, type ColumnFactsByName } from './columnFacts';
export {
	describeColumn,
	describeRelation,
	diffRelations,
	type ColumnDefinition,
	type RenamedColumn,
	type RetypedColumn,
	type SchemaChange,
	type SchemaChangeReason,
} from './diffRelations';
export { formatType, typeName, type TypeNameResolver } from './formatType';
export { typeModifierFacts, type TypeModifierFacts } from './typeModifier';
