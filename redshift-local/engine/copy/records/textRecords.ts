import type { DelimitedOptions, ParsedRecord, RecordField } from './sourceRecord';

interface ScannedRecord {
	fields: RecordField[];
	end: number;
	newlines: number;
}

/**
 * Scans one record of Redshift's default text format from `start`: fields split on the
 * delimiter, records on LF. With ESCAPE a backslash takes the next byte literally (an escaped
 * LF continues the record); with REMOVEQUOTES delimiters inside surrounding quotes are kept
 * (DG copy-parameters-data-conversion.md).
 */
function scanRecord(content: string, start: number, options: DelimitedOptions): ScannedRecord {
	const fields: RecordField[] = [];
	let value = '';
	let raw = '';
	let index = start;
	let newlines = 0;
	let inQuotes = false;
	const finishField = (): void => {
		fields.push({ bytes: raw === options.nullAs ? null : value });
		value = '';
		raw = '';
	};
	while (index < content.length) {
		const char = content[index];
		if (options.escape && char === '\\' && index + 1 < content.length) {
			const escaped = content[index + 1];
			if (escaped === '\n') newlines++;
			value += escaped;
			raw += char + escaped;
			index += 2;
			continue;
		}
		if (options.removeQuotes && char === '"' && (raw === '' || inQuotes)) {
			inQuotes = !inQuotes;
			raw += char;
			index++;
			continue;
		}
		if (char === '\n' && !inQuotes) {
			finishField();
			return { fields, end: index + 1, newlines };
		}
		if (char === options.delimiter && !inQuotes) {
			finishField();
		} else {
			if (char === '\n') newlines++;
			value += char;
			raw += char;
		}
		index++;
	}
	finishField();
	return { fields, end: content.length, newlines };
}

/** Parses a whole text-format file (a byte string) into records with their line numbers. */
export function parseTextRecords(content: string, options: DelimitedOptions): ParsedRecord[] {
	const records: ParsedRecord[] = [];
	let position = 0;
	let line = 1;
	let skipped = 0;
	while (position < content.length) {
		const scanned = scanRecord(content, position, options);
		const rawLine = content.slice(position, scanned.end).replace(/\n$/, '');
		const recordLine = line;
		position = scanned.end;
		line += scanned.newlines + 1;
		if (skipped < options.ignoreHeader) {
			skipped++;
			continue;
		}
		if (rawLine === '' && options.ignoreBlankLines) continue;
		records.push({ kind: 'record', lineNumber: recordLine, rawLine, fields: scanned.fields });
	}
	return records;
}
