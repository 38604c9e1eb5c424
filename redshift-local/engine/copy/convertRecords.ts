import type { LoadError } from './loadErrors';
import type { ParsedRecord, RecordField, SourceRecord } from './records/sourceRecord';
import type { TargetColumn } from './targetTable';
import type { Conversion } from './values/conversion';
import { convertField, type ConversionOptions } from './values/convertField';

/** A field PostgreSQL must still accept (DATEFORMAT 'auto', types without a JS check). */
export interface PendingCast {
	columnIndex: number;
	conversion: Conversion & { kind: 'cast' };
	rawFieldValue: string;
}

/** A row that passed every JS check; its values are PostgreSQL text input (null = NULL). */
export interface LoadRow {
	file: string;
	lineNumber: number;
	rawLine: string;
	values: Array<string | null>;
	pendingCasts: PendingCast[];
}

export interface ConvertedFile {
	rows: LoadRow[];
	errors: LoadError[];
}

/** Text and CSV rows must have one field per loaded column (FILLRECORD pads short rows with NULLs). */
function fieldCountError(
	record: SourceRecord,
	file: string,
	columnCount: number,
	fillRecord: boolean,
): LoadError | undefined {
	const count = record.fields.length;
	if (count > columnCount) {
		return {
			file,
			lineNumber: record.lineNumber,
			rawLine: record.rawLine,
			code: 1202,
			reason: 'Extra column(s) found',
		};
	}
	if (count < columnCount && !fillRecord) {
		const column = count;
		return {
			file,
			lineNumber: record.lineNumber,
			rawLine: record.rawLine,
			code: 1214,
			reason: 'Delimiter not found',
			fieldNumber: column + 1,
			position: record.rawLine.length,
		};
	}
	return undefined;
}

function convertRecord(
	record: SourceRecord,
	file: string,
	columns: TargetColumn[],
	options: ConversionOptions,
): LoadRow | LoadError {
	const row: LoadRow = {
		file,
		lineNumber: record.lineNumber,
		rawLine: record.rawLine,
		values: [],
		pendingCasts: [],
	};
	for (let index = 0; index < columns.length; index++) {
		const field: RecordField = record.fields[index] ?? { bytes: null };
		const conversion = convertField(field, columns[index], options);
		if (conversion.kind === 'error') {
			return {
				file,
				lineNumber: record.lineNumber,
				rawLine: record.rawLine,
				code: conversion.code,
				reason: conversion.reason,
				column: columns[index],
				fieldNumber: index + 1,
				rawFieldValue: field.bytes ?? '',
				position: conversion.position,
				rowFields: columns
					.slice(0, index + 1)
					.map((column, at) => ({ column, bytes: record.fields[at]?.bytes ?? null })),
			};
		}
		if (conversion.kind === 'cast') {
			row.pendingCasts.push({ columnIndex: index, conversion, rawFieldValue: field.bytes ?? '' });
			row.values.push(null);
		} else {
			row.values.push(conversion.text);
		}
	}
	// the raw line is only needed if PostgreSQL may still reject a value; memory scales with the load
	if (row.pendingCasts.length === 0) row.rawLine = '';
	return row;
}

/** Converts one file's records; each bad row becomes a load error and is left out. */
export function convertRecords(
	file: string,
	records: ParsedRecord[],
	columns: TargetColumn[],
	options: ConversionOptions & { fillRecord: boolean; positional: boolean },
): ConvertedFile {
	const converted: ConvertedFile = { rows: [], errors: [] };
	for (const record of records) {
		if (record.kind === 'problem') {
			converted.errors.push({
				file,
				lineNumber: record.lineNumber,
				rawLine: record.rawLine,
				code: record.code,
				reason: record.reason,
			});
			continue;
		}
		const countError = options.positional
			? fieldCountError(record, file, columns.length, options.fillRecord)
			: undefined;
		const result = countError ?? convertRecord(record, file, columns, options);
		if ('values' in result) converted.rows.push(result);
		else converted.errors.push(result);
	}
	return converted;
}
