import { CsvError } from 'csv-parse';
import { parse } from 'csv-parse/sync';

import type { DelimitedOptions, ParsedRecord, RecordField } from './sourceRecord';

interface CsvCell {
	value: string;
	quoted: boolean;
}

interface CsvRow {
	record: CsvCell[];
	raw: string;
	info: { lines: number };
}

/** Lines a raw record spans beyond its first (the trailing record delimiter not counted). */
function extraLines(raw: string): number {
	return (raw.replace(/\r?\n$/, '').match(/\n/g) ?? []).length;
}

/**
 * Parses a CSV file (a byte string) as Redshift's FORMAT CSV: quoted fields may hold delimiters
 * and newlines, a doubled quote is a quote, unquoted empty fields are empty (DG
 * copy-parameters-data-format.md). A malformed record becomes a problem, the rest still parse.
 */
export function parseCsvRecords(content: string, options: DelimitedOptions): ParsedRecord[] {
	const records: ParsedRecord[] = [];
	const rows = parse(content, {
		delimiter: options.delimiter,
		quote: options.quote,
		escape: options.quote,
		relax_column_count: true,
		skip_empty_lines: false,
		info: true,
		raw: true,
		skip_records_with_error: true,
		on_skip: (error: CsvError | undefined, raw: string | undefined) => {
			const rawLine = raw ?? '';
			const lastLine = (error as { lines?: number } | undefined)?.lines ?? 0;
			const lineNumber = Math.max(1, lastLine - extraLines(rawLine));
			// after a bad quote csv-parse may report the same record again as part of a longer one
			if (records.some((record) => record.kind === 'problem' && record.lineNumber === lineNumber))
				return undefined;
			records.push({
				kind: 'problem',
				lineNumber,
				rawLine: rawLine.replace(/\r?\n$/, ''),
				code: 1216,
				reason: `Invalid quote formatting for CSV: ${error?.message ?? 'malformed record'}`,
			});
			return undefined;
		},
		cast: (value: string, context: { quoting: boolean }): CsvCell => ({
			value,
			quoted: context.quoting,
		}),
	}) as unknown as CsvRow[];
	for (const row of rows) {
		const lineNumber = row.info.lines - extraLines(row.raw);
		const rawLine = row.raw.replace(/\r?\n$/, '');
		const fields: RecordField[] = row.record.map((cell) => ({
			bytes: !cell.quoted && cell.value === options.nullAs ? null : cell.value,
			quoted: cell.quoted,
		}));
		records.push({ kind: 'record', lineNumber, rawLine, fields });
	}
	records.sort((left, right) => left.lineNumber - right.lineNumber);
	return dropHeaderAndBlankLines(records, options);
}

function dropHeaderAndBlankLines(
	records: ParsedRecord[],
	options: DelimitedOptions,
): ParsedRecord[] {
	return records
		.slice(options.ignoreHeader)
		.filter((record) => !(options.ignoreBlankLines && record.rawLine === ''));
}
