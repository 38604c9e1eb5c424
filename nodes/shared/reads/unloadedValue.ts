import type { UnloadedColumn } from './unloadManifest';

/**
 * Text from an unloaded CSV file becomes the same JS value the wire transport returns:
 * int8 and numeric stay strings, small integers and floats become numbers, booleans booleans,
 * dates, timestamps and SUPER keep their text.
 */
export function unloadedValue(text: string, column: UnloadedColumn | undefined): unknown {
	switch (column?.base) {
		case 'smallint':
		case 'integer':
			return Number(text);
		case 'real':
		case 'double precision': {
			const number = Number(text);
			return Number.isFinite(number) ? number : text;
		}
		case 'boolean':
			return text === 't' || text === 'true' || text === '1';
		default:
			return text;
	}
}
