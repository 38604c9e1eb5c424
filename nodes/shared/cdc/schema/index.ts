export {
	describeColumn,
	diffRelations,
	type ColumnDefinition,
	type RenamedColumn,
	type RetypedColumn,
	type SchemaChange,
} from './diffRelations';
export { formatType, typeName, type TypeNameResolver } from './formatType';
