import { normalizeIdentifier, type IdentifierOptions } from '../redshift/sql/identifiers';
import type { StagingColumn } from '../staging/columns';
import { ItemValueError, LoadSetupError } from './errors';
import type { TableColumn } from './targetTable';
import type { LoadItem } from './types';

export interface ItemColumnOptions extends IdentifierOptions {
	fields?: string[];
	extraFields?: 'error' | 'ignore';
}

/**
 * Which table columns a load writes, in table order: the named fields, else every field the
 * items have (when they are in memory), else every column. Columns left out keep their DEFAULT.
 */
export function chooseColumns(
	table: readonly TableColumn[],
	items: readonly LoadItem[] | undefined,
	options: ItemColumnOptions,
	tableName: string,
): TableColumn[] {
	const byName = new Map(table.map((column) => [column.name, column]));
	let wanted: Set<string>;
	if (options.fields) {
		wanted = new Set(options.fields.map((field) => normalizeIdentifier(field, options)));
	} else if (items && items.length > 0) {
		wanted = new Set();
		items.forEach((item, index) => {
			for (const key of Object.keys(item ?? {})) {
				const name = normalizeIdentifier(key, options);
				if (byName.has(name)) wanted.add(name);
				else if (options.extraFields !== 'ignore') throw extraField(index, key, tableName);
			}
		});
	} else {
		wanted = new Set(byName.keys());
	}
	for (const name of wanted) {
		if (!byName.has(name)) {
			throw new LoadSetupError(
				`The field "${name}" has no column in ${tableName}; add the column or leave the field out.`,
				name,
			);
		}
	}
	const chosen = table.filter((column) => wanted.has(column.name));
	if (chosen.length === 0) {
		throw new LoadSetupError(
			`None of the items' fields matches a column of ${tableName}; nothing to load.`,
		);
	}
	return chosen;
}

function extraField(itemIndex: number, key: string, tableName: string): ItemValueError {
	return new ItemValueError(
		`Item ${itemIndex}: the field ${JSON.stringify(key)} has no column in ${tableName}. Add the column, remove the field, or choose to ignore extra fields.`,
		itemIndex,
		key,
	);
}

/**
 * Re-keys items by their (folded) column names, so `Name` and `name` address one column, and
 * refuses fields the table lacks (unless asked to ignore them). Counts the raw newlines each item
 * adds to a CSV file, to map a COPY error's line number back to its item.
 */
export class ItemShaper {
	private readonly loaded: Set<string>;
	private readonly known: Set<string>;
	/** item index → newlines inside its text values (only items that have some). */
	readonly extraLines = new Map<number, number>();

	constructor(
		table: readonly TableColumn[],
		columns: readonly TableColumn[],
		private readonly options: ItemColumnOptions & { countNewlines: boolean },
		private readonly tableName: string,
	) {
		this.known = new Set(table.map((column) => column.name));
		this.loaded = new Set(columns.map((column) => column.name));
	}

	shape(item: LoadItem, index: number): LoadItem {
		if (item === null || typeof item !== 'object' || Array.isArray(item)) {
			throw new ItemValueError(`Item ${index} is not an object of field values.`, index, '');
		}
		const shaped: LoadItem = {};
		const seen = new Map<string, string>();
		let newlines = 0;
		for (const [key, value] of Object.entries(item)) {
			const name = normalizeIdentifier(key, this.options);
			const earlier = seen.get(name);
			if (earlier !== undefined) {
				throw new ItemValueError(
					`Item ${index}: the fields ${JSON.stringify(earlier)} and ${JSON.stringify(key)} are the same column "${name}" in Redshift (names fold to lower case); keep one.`,
					index,
					key,
				);
			}
			seen.set(name, key);
			if (!this.known.has(name)) {
				if (this.options.extraFields === 'ignore') continue;
				throw extraField(index, key, this.tableName);
			}
			if (!this.loaded.has(name)) continue;
			shaped[name] = value;
			if (this.options.countNewlines && typeof value === 'string') newlines += countNewlines(value);
		}
		if (newlines > 0) this.extraLines.set(index, newlines);
		return shaped;
	}
}

function countNewlines(text: string): number {
	let count = 0;
	for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
	return count;
}

/** Staging columns for table columns, typed so SUPER columns are written as JSON. */
export function stagingColumns(columns: readonly TableColumn[]): StagingColumn[] {
	return columns.map((column) => ({ name: column.name, type: column.type }));
}

/** Shapes a stream of items lazily. */
export async function* shapeItems(
	items: Iterable<LoadItem> | AsyncIterable<LoadItem>,
	shaper: ItemShaper,
	onItem?: (index: number) => void,
): AsyncGenerator<LoadItem> {
	let index = 0;
	for await (const item of items) {
		onItem?.(index);
		yield shaper.shape(item, index);
		index++;
	}
}
