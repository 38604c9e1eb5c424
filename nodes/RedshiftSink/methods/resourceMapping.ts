import type { FieldType, ILoadOptionsFunctions, ResourceMapperFields } from 'n8n-workflow';

import { catalogQuery, locatorValue } from '../../common/methods/catalog';

/** The n8n field type the editor shows for a Redshift column type. */
export function fieldTypeOf(dataType: string): FieldType {
	const type = dataType.toLowerCase();
	if (
		/^(smallint|integer|bigint|int[248]?|numeric|decimal|real|double precision|float[48]?)$/.test(
			type,
		)
	)
		return 'number';
	if (type === 'boolean' || type === 'bool') return 'boolean';
	if (type === 'date' || type.startsWith('timestamp')) return 'dateTime';
	if (type.startsWith('time')) return 'time';
	if (type === 'super' || type === 'json' || type === 'jsonb') return 'object';
	return 'string';
}

/** The table's columns for the resource mapper; a missing table gives a notice, not an error. */
export async function getMappingColumns(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const schema = locatorValue(this, 'schema') || 'public';
	const table = locatorValue(this, 'table');
	if (!table) return { fields: [], emptyFieldsNotice: 'Choose a table first.' };
	const rows = await catalogQuery(this, {
		text: 'SELECT "column_name", "data_type", "is_nullable", "column_default" FROM information_schema.columns WHERE "table_schema" = $1 AND "table_name" = $2 ORDER BY "ordinal_position"',
		values: [schema, table],
	});
	return {
		fields: rows.map((row) => {
			const id = String(row.column_name);
			const hasDefault = row.column_default !== null && row.column_default !== undefined;
			return {
				id,
				displayName: id,
				required: String(row.is_nullable).toUpperCase() === 'NO' && !hasDefault,
				defaultMatch: id === 'id',
				canBeUsedToMatch: true,
				display: true,
				type: fieldTypeOf(String(row.data_type)),
			};
		}),
		emptyFieldsNotice: `The table ${schema}.${table} was not found: map the input fields automatically and turn on Create Table If Missing, or create the table first.`,
	};
}
