import type { StagedFileOptions } from './fileFormat';
import { columnSource, columnValue, type StagingColumn, type ValueOptions } from './columns';
import { checkedString, jsonText, valueAsText } from './values';

/** COPY … FORMAT AS JSON 'auto' matches object keys to the (lower-case) column names. */
export const JSON_COPY_OPTIONS: Omit<StagedFileOptions, 'compression'> = {
	format: { type: 'JSON', paths: 'auto' },
	timeFormat: 'auto',
	dateFormat: 'auto',
};

/**
 * A function from an item to one JSON object line. NULL is JSON null and '' stays '', so both
 * survive. Exact numbers stay exact: bigints as bare digits, decimal strings as strings.
 * SUPER (or untyped) columns keep objects nested; typed text columns get their JSON text.
 */
export function jsonRowEncoder(
	columns: readonly StagingColumn[],
	options: ValueOptions,
): (item: Record<string, unknown>, itemIndex: number) => string {
	const plan = columns.map((column) => ({
		...columnSource(column),
		nested: column.type === undefined || column.type.name === 'SUPER',
		jsonKey: JSON.stringify(column.name),
	}));
	return (item, itemIndex) => {
		const fields: string[] = [];
		for (const column of plan) {
			const { name, nested, jsonKey } = column;
			const value = columnValue(column, item, itemIndex);
			if (value === null || value === undefined) {
				fields.push(`${jsonKey}:null`);
				continue;
			}
			const context = { itemIndex, column: name };
			let encoded: string;
			if (typeof value === 'string')
				encoded = JSON.stringify(checkedString(value, context, options));
			else if (typeof value === 'number' && !Number.isFinite(value))
				encoded = JSON.stringify(String(value));
			else if (typeof value === 'object' && !(value instanceof Date) && !nested) {
				encoded = JSON.stringify(valueAsText(value, context, options));
			} else encoded = jsonText(value, context, options);
			fields.push(`${jsonKey}:${encoded}`);
		}
		return `{${fields.join(',')}}\n`;
	};
}
