import type { SchemaElement } from 'hyparquet';
import type { Writer } from 'hyparquet-writer';

import { dateDays, timestampMicros } from '../../shared/reads/dateTimeText';
import { canonicalDecimal } from '../../shared/reads/numberText';
import type { RowPage } from '../../shared/reads/readDirect';
import type { ReadColumn } from '../../shared/reads/values';

export type BinaryFormat = 'csv' | 'parquet';

export interface BinaryFile {
	data: Buffer;
	fileName: string;
	mimeType: string;
	fileExtension: string;
	rowCount: number;
}

/** Rows per Parquet row group: bounds the values held before they are encoded. */
const ROW_GROUP_ROWS = 50_000;

function csvField(value: unknown): string {
	// NULL is an empty field; an empty string is quoted, so the two stay apart.
	if (value === null || value === undefined) return '';
	const text =
		typeof value === 'string'
			? value
			: typeof value === 'object'
				? JSON.stringify(value)
				: String(value);
	return text === '' || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(values: readonly unknown[]): string {
	return values.map(csvField).join(',') + '\n';
}

async function csvFile(pages: AsyncIterable<RowPage>): Promise<{ data: Buffer; rows: number }> {
	const chunks: Buffer[] = [];
	let columns: ReadColumn[] | undefined;
	let rows = 0;
	for await (const page of pages) {
		if (!columns) {
			columns = page.columns;
			chunks.push(Buffer.from(csvLine(columns.map((column) => column.name))));
		}
		const names = columns.map((column) => column.name);
		chunks.push(
			Buffer.from(page.rows.map((row) => csvLine(names.map((name) => row[name]))).join('')),
		);
		rows += page.rows.length;
	}
	return { data: Buffer.concat(chunks), rows };
}

/** JSON columns take the value itself: hyparquet-writer serialises it. */
type ParquetValue = string | number | bigint | boolean | Uint8Array | object | null;

interface ParquetPlan {
	element: SchemaElement;
	convert: (value: unknown) => ParquetValue;
}

function failing(column: ReadColumn, value: unknown): never {
	throw new Error(
		`Column "${column.name}" (${column.type}) has the value ${JSON.stringify(value)}, which cannot be written to Parquet.`,
	);
}

/** Each column as Parquet: native numbers, exact DECIMAL where precision and scale are known, dates and microsecond timestamps. */
function planColumn(column: ReadColumn): ParquetPlan {
	const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
	const text = (value: unknown) =>
		typeof value === 'object' ? JSON.stringify(value) : String(value);
	switch (column.kind) {
		case 'smallint':
		case 'integer':
			return { element: { ...base, type: 'INT32' }, convert: (value) => Number(value) };
		case 'bigint':
			return { element: { ...base, type: 'INT64' }, convert: (value) => BigInt(String(value)) };
		case 'real':
			return { element: { ...base, type: 'FLOAT' }, convert: (value) => Number(value) };
		case 'double':
			return { element: { ...base, type: 'DOUBLE' }, convert: (value) => Number(value) };
		case 'boolean':
			return { element: { ...base, type: 'BOOLEAN' }, convert: (value) => value === true };
		case 'numeric': {
			const dimensions = /\((\d+),(\d+)\)/.exec(column.type);
			if (!dimensions)
				return { element: { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' }, convert: text };
			const [precision, scale] = [Number(dimensions[1]), Number(dimensions[2])];
			return {
				element: {
					...base,
					type: 'FIXED_LEN_BYTE_ARRAY',
					type_length: 16,
					converted_type: 'DECIMAL',
					precision,
					scale,
				},
				convert: (value) => {
					// Native numbers (Options > Numbers) may print as 1e-7: back to plain digits first.
					const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(canonicalDecimal(String(value)) ?? '');
					if (!match) failing(column, value);
					const digits = `${match[2]}${(match[3] ?? '').padEnd(scale, '0').slice(0, scale)}`;
					return BigInt(`${match[1]}${digits}`);
				},
			};
		}
		case 'date':
			return {
				element: { ...base, type: 'INT32', converted_type: 'DATE' },
				convert: (value) => dateDays(String(value)) ?? failing(column, value),
			};
		case 'timestamp':
		case 'timestamptz':
			return {
				element: {
					...base,
					type: 'INT64',
					logical_type: {
						type: 'TIMESTAMP',
						isAdjustedToUTC: column.kind === 'timestamptz',
						unit: 'MICROS',
					},
				},
				convert: (value) => timestampMicros(String(value)) ?? failing(column, value),
			};
		case 'super':
			return {
				element: { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON' },
				convert: (value) => value as object,
			};
		case 'varbyte':
			return {
				element: { ...base, type: 'BYTE_ARRAY' },
				convert: (value) => Buffer.from(String(value), 'hex'),
			};
		default:
			return { element: { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8' }, convert: text };
	}
}

async function parquetFile(pages: AsyncIterable<RowPage>): Promise<{ data: Buffer; rows: number }> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const parquet = require('hyparquet-writer') as typeof import('hyparquet-writer');
	const bytes = new parquet.ByteWriter();
	let writer: InstanceType<typeof parquet.ParquetWriter> | undefined;
	let plan: ParquetPlan[] = [];
	let names: string[] = [];
	let group: ParquetValue[][] = [];
	let groupRows = 0;
	let rows = 0;
	const open = (columns: ReadColumn[]) => {
		plan = columns.map(planColumn);
		names = columns.map((column) => column.name);
		group = plan.map(() => []);
		const schema: SchemaElement[] = [
			{ name: 'root', num_children: plan.length },
			...plan.map((column) => column.element),
		];
		writer = new parquet.ParquetWriter({ writer: bytes as Writer, schema, codec: 'SNAPPY' });
	};
	const flush = async () => {
		if (!writer || groupRows === 0) return;
		await writer.write({
			columnData: plan.map((column, index) => ({ name: column.element.name, data: group[index] })),
			rowGroupSize: groupRows,
		});
		group = plan.map(() => []);
		groupRows = 0;
	};
	for await (const page of pages) {
		if (!writer) open(page.columns);
		for (const row of page.rows) {
			names.forEach((name, index) => {
				const value = row[name];
				group[index].push(
					value === null || value === undefined ? null : plan[index].convert(value),
				);
			});
			groupRows++;
			rows++;
			if (groupRows >= ROW_GROUP_ROWS) await flush();
		}
	}
	if (!writer) open([]);
	await flush();
	await writer!.finish();
	return { data: Buffer.from(bytes.getBuffer()), rows };
}

/** The rows as one file for n8n's binary data: CSV (header, RFC 4180) or Parquet (SNAPPY). */
export async function rowsToBinaryFile(
	pages: AsyncIterable<RowPage>,
	format: BinaryFormat,
	baseName: string,
): Promise<BinaryFile> {
	const name = baseName.replace(/[^\w.-]+/g, '_') || 'rows';
	if (format === 'parquet') {
		const { data, rows } = await parquetFile(pages);
		return {
			data,
			fileName: `${name}.parquet`,
			mimeType: 'application/vnd.apache.parquet',
			fileExtension: 'parquet',
			rowCount: rows,
		};
	}
	const { data, rows } = await csvFile(pages);
	return {
		data,
		fileName: `${name}.csv`,
		mimeType: 'text/csv',
		fileExtension: 'csv',
		rowCount: rows,
	};
}
