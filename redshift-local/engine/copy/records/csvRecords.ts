import type { DelimitedOptions, ParsedRecord, RecordField } from './sourceRecord';

/** Where one record ended: the next record's start and the lines it used. */
interface Scan {
	fields: RecordField[];
	end: number;
	lines: number;
	/** Set when the quotes are malformed; the record is skipped up to the next line. */
	problem?: string;
}

/** The end of the current line (after its LF), for skipping a malformed record. */
function lineEnd(content: string, from: number): number {
	const newline = content.indexOf('\n', from);
	return newline === -1 ? content.length : newline + 1;
}

/**
 * Scans one CSV record from `start` (DG copy-parameters-data-format.md, CSV): a field that
 * starts with the quote character is quoted, may hold delimiters and newlines, and a doubled
 * quote inside it is one quote; after its closing quote only a delimiter or the line end may
 * follow. An unquoted empty field is empty, a quoted one ("") an empty string.
 */
function scanRecord(content: string, start: number, options: DelimitedOptions): Scan {
	const { delimiter, quote } = options;
	const fields: RecordField[] = [];
	let index = start;
	let lines = 1;
	for (;;) {
		let value = '';
		const quoted = content[index] === quote;
		if (quoted) {
			index++;
			for (;;) {
				if (index >= content.length)
					return { fields, end: content.length, lines, problem: 'unterminated quoted field' };
				const char = content[index];
				if (char === quote && content[index + 1] === quote) {
					value += quote;
					index += 2;
				} else if (char === quote) {
					index++;
					break;
				} else {
					if (char === '\n') lines++;
					value += char;
					index++;
				}
			}
		} else {
			let end = index;
			while (end < content.length && content[end] !== delimiter && content[end] !== '\n') end++;
			value = content.slice(index, end);
			index = end;
		}
		const next = content[index];
		const atLineEnd =
			next === undefined || next === '\n' || (next === '\r' && content[index + 1] === '\n');
		if (quoted && next !== delimiter && !atLineEnd) {
			return {
				fields,
				end: lineEnd(content, index),
				lines,
				problem: `unexpected '${next}' after a closing quote`,
			};
		}
		const unquotedValue = !quoted && atLineEnd ? value.replace(/\r$/, '') : value;
		fields.push({
			bytes: !quoted && unquotedValue === options.nullAs ? null : unquotedValue,
			quoted,
		});
		if (next === delimiter) {
			index++;
			continue;
		}
		return { fields, end: next === undefined ? index : lineEnd(content, index), lines };
	}
}

/**
 * Parses a CSV file (a byte string) into records with the line each starts on. A record with
 * malformed quotes becomes a problem (error 1216) and parsing resumes on the next line.
 */
export function parseCsvRecords(content: string, options: DelimitedOptions): ParsedRecord[] {
	const records: ParsedRecord[] = [];
	let position = 0;
	let line = 1;
	let skipped = 0;
	while (position < content.length) {
		const scan = scanRecord(content, position, options);
		const rawLine = content.slice(position, scan.end).replace(/\r?\n$/, '');
		const lineNumber = line;
		position = scan.end;
		line += scan.lines;
		if (skipped < options.ignoreHeader) {
			skipped++;
			continue;
		}
		if (rawLine === '' && options.ignoreBlankLines) continue;
		if (scan.problem !== undefined) {
			records.push({
				kind: 'problem',
				lineNumber,
				rawLine,
				code: 1216,
				reason: `Invalid quote formatting for CSV: ${scan.problem}`,
			});
		} else {
			records.push({ kind: 'record', lineNumber, rawLine, fields: scan.fields });
		}
	}
	return records;
}
