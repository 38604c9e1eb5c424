import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { compress as zstdCompress, init as zstdInit } from '@bokuweb/zstd-wasm';
import { gzipSync } from 'node:zlib';

import { parquetColumn, type ParquetColumn, type ParquetValue } from './parquetColumns';
import type { ParquetEncoder } from './parquetEncoder';
import { OID, type ResultColumn } from './resultColumns';
import { compactJson, csvLine, delimitedLine, jsonLine } from './textEncoding';
import type { UnloadCommand } from './unloadCommand';

/** One data object UNLOAD wrote, as the manifest lists it. */
export interface WrittenFile {
	url: string;
	key: string;
	contentLength: number;
	/** Rows in the file, the header line included (as MANIFEST VERBOSE counts them). */
	recordCount: number;
}

/** "Assuming a two-node cluster with two slices per node" (DG r_UNLOAD_command_examples.md). */
export const LOCAL_SLICES = 4;
/**
 * A part is built in memory before it is put to S3, so a part is cut at this many bytes even when
 * MAXFILESIZE allows more; Redshift then starts the next part (`_part_01`) just as it does at
 * MAXFILESIZE. Kept modest because several slices fill parts at once.
 */
export const LOCAL_PART_CEILING = 32 * 1024 * 1024;
const MB32 = 32 * 1024 * 1024;
const ROW_GROUP_ROWS = 50_000;
const ROW_GROUP_BYTES = 8 * 1024 * 1024;

let zstdReady: Promise<void> | undefined;

/** Names data objects as Redshift does: `<prefix><slice>_part_<nn>` in parallel, `<prefix><nnn>` serially. */
export function dataFileKey(command: UnloadCommand, slice: number, part: number): string {
	const base = command.parallel
		? `${command.prefix}${String(slice).padStart(4, '0')}_part_${String(part).padStart(2, '0')}`
		: `${command.prefix}${String(part).padStart(3, '0')}`;
	return base + fileExtension(command);
}

function fileExtension(command: UnloadCommand): string {
	if (command.extension) return `.${command.extension}`;
	if (command.format === 'parquet') return '.parquet';
	if (command.compression === 'gzip') return '.gz';
	if (command.compression === 'zstd') return '.zst';
	return '';
}

/** Maximum bytes of one data file: MAXFILESIZE (Parquet: rounded down to 32 MB row groups), capped locally. */
function partLimit(command: UnloadCommand): number {
	const requested =
		command.format === 'parquet'
			? Math.max(MB32, Math.floor(command.maxFileSize / MB32) * MB32)
			: command.maxFileSize;
	return Math.min(requested, LOCAL_PART_CEILING);
}

interface Part {
	/** Adds the row unless it would push a non-empty part past `limit` bytes; false when it did not fit. */
	add(values: ReadonlyArray<string | null>, limit: number): boolean | Promise<boolean>;
	rows(): number;
	finish(): Promise<Buffer>;
}

class TextPart implements Part {
	private readonly chunks: Buffer[] = [];
	private bytes = 0;
	private records = 0;

	constructor(
		private readonly encode: (values: ReadonlyArray<string | null>) => string,
		private readonly compression: UnloadCommand['compression'],
		headerLine: string | undefined,
		private readonly hasHeader = headerLine !== undefined,
	) {
		if (headerLine !== undefined) this.push(headerLine);
	}

	add(values: ReadonlyArray<string | null>, limit: number): boolean {
		const line = this.encode(values);
		const hasData = this.records > (this.hasHeader ? 1 : 0);
		if (hasData && this.bytes + Buffer.byteLength(line, 'utf8') > limit) return false;
		this.push(line);
		return true;
	}

	private push(line: string): void {
		const chunk = Buffer.from(line, 'utf8');
		this.chunks.push(chunk);
		this.bytes += chunk.length;
		this.records++;
	}

	rows(): number {
		return this.records;
	}

	async finish(): Promise<Buffer> {
		const body = Buffer.concat(this.chunks);
		if (this.compression === 'gzip') return gzipSync(body);
		if (this.compression === 'zstd') {
			zstdReady ??= zstdInit();
			await zstdReady;
			return Buffer.from(zstdCompress(body, 3));
		}
		return body;
	}
}

class ParquetPart implements Part {
	private readonly chunks: Buffer[] = [];
	private written = 0;
	private records = 0;
	private group: ParquetValue[][];
	private groupRows = 0;
	private groupBytes = 0;
	private opened?: Promise<void>;

	constructor(
		private readonly encoder: ParquetEncoder,
		private readonly fileId: number,
		private readonly columns: readonly ParquetColumn[],
	) {
		this.group = columns.map(() => []);
	}

	/** Synchronous except when a row group is full and goes to the encoder. */
	add(values: ReadonlyArray<string | null>, limit: number): boolean | Promise<boolean> {
		// Parquet sizes are known only per row group, so the limit is approximate, as Redshift's is.
		if (this.records > 0 && this.written + this.groupBytes >= limit) return false;
		values.forEach((value, index) => {
			this.group[index].push(value === null ? null : this.columns[index].convert(value));
			this.groupBytes += value?.length ?? 1;
		});
		this.groupRows++;
		this.records++;
		if (this.groupRows >= ROW_GROUP_ROWS || this.groupBytes >= ROW_GROUP_BYTES) {
			return this.flushGroup().then(() => true);
		}
		return true;
	}

	private async open(): Promise<void> {
		const schema = [
			{ name: 'root', num_children: this.columns.length },
			...this.columns.map((c) => c.element),
		];
		this.append(await this.encoder.open(this.fileId, schema));
	}

	private async flushGroup(): Promise<void> {
		this.opened ??= this.open();
		await this.opened;
		if (this.groupRows === 0) return;
		const columnData = this.columns.map((column, index) => ({
			name: column.element.name,
			data: this.group[index],
		}));
		const rows = this.groupRows;
		this.group = this.columns.map(() => []);
		this.groupRows = 0;
		this.groupBytes = 0;
		this.append(await this.encoder.write(this.fileId, columnData, rows));
	}

	private append(bytes: Uint8Array): void {
		this.chunks.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
		this.written += bytes.byteLength;
	}

	rows(): number {
		return this.records;
	}

	async finish(): Promise<Buffer> {
		await this.flushGroup();
		this.append(await this.encoder.finish(this.fileId));
		return Buffer.concat(this.chunks);
	}
}

/**
 * PostgreSQL's text of a value as Redshift writes it to text, CSV and JSON: VARBYTE as hex (bytea
 * prints '\\x…'), SUPER as compact JSON, and a NULL SUPER as JSON's null in text and CSV — "SUPER
 * data columns ignore the NULL [AS] option" (DG unload-super-csv.md).
 */
function textValueOf(
	columns: readonly ResultColumn[],
	format: UnloadCommand['format'],
): ((value: string | null, column: number) => string | null) | undefined {
	const kinds = columns.map((column) =>
		column.typeOid === OID.bytea
			? 'bytes'
			: column.typeOid === OID.jsonb || column.typeOid === OID.json
				? 'super'
				: undefined,
	);
	if (!kinds.some(Boolean)) return undefined;
	return (value, column) => {
		const kind = kinds[column];
		if (kind === 'bytes') return value?.startsWith('\\x') ? value.slice(2) : value;
		if (kind === 'super') {
			if (value === null) return format === 'json' ? null : 'null';
			return compactJson(value);
		}
		return value;
	};
}

/**
 * Writes the rows of one UNLOAD into data objects: with PARALLEL ON the rows are dealt round-robin
 * to LOCAL_SLICES slices, each writing its own parts; with PARALLEL OFF one serial stream. A slice
 * that receives no row writes no file, so an empty result writes no data files at all.
 */
export class DataFileWriter {
	private readonly slices: Array<{ part?: Part; partNumber: number }>;
	private readonly written: WrittenFile[] = [];
	private readonly limit: number;
	private readonly parquetColumns?: ParquetColumn[];
	private readonly textValue?: (value: string | null, column: number) => string | null;
	private nextRow = 0;
	private nextFileId = 0;

	constructor(
		private readonly command: UnloadCommand,
		private readonly columns: readonly ResultColumn[],
		private readonly s3: S3Client,
		private readonly encoder?: ParquetEncoder,
	) {
		const sliceCount = command.parallel ? LOCAL_SLICES : 1;
		this.slices = Array.from({ length: sliceCount }, () => ({ partNumber: 0 }));
		this.limit = partLimit(command);
		if (command.format === 'parquet') this.parquetColumns = columns.map(parquetColumn);
		else this.textValue = textValueOf(columns, command.format);
	}

	/** Adds a batch of rows; awaits only when a part is full or a Parquet row group is encoded. */
	async addRows(rows: ReadonlyArray<ReadonlyArray<string | null>>): Promise<void> {
		for (const row of rows) {
			const values = this.textValue
				? row.map((value, index) => this.textValue!(value, index))
				: row;
			const slice = this.slices[this.nextRow++ % this.slices.length];
			slice.part ??= this.newPart();
			let added = slice.part.add(values, this.limit);
			if (typeof added !== 'boolean') added = await added;
			if (added) continue;
			await this.closePart(slice);
			slice.part = this.newPart();
			await slice.part.add(values, this.limit);
		}
	}

	/** Closes every open part; returns the files in slice and part order. */
	async finish(): Promise<WrittenFile[]> {
		for (const slice of this.slices) await this.closePart(slice);
		return [...this.written].sort((a, b) => a.key.localeCompare(b.key));
	}

	private async closePart(slice: { part?: Part; partNumber: number }): Promise<void> {
		const part = slice.part;
		if (!part) return;
		slice.part = undefined;
		const sliceIndex = this.slices.indexOf(slice);
		const key = dataFileKey(this.command, sliceIndex, slice.partNumber);
		slice.partNumber++;
		const body = await part.finish();
		await this.s3.send(
			new PutObjectCommand({
				Bucket: this.command.bucket,
				Key: key,
				Body: body,
				ContentLength: body.length,
			}),
		);
		this.written.push({
			url: `s3://${this.command.bucket}/${key}`,
			key,
			contentLength: body.length,
			recordCount: part.rows(),
		});
	}

	private newPart(): Part {
		const command = this.command;
		if (command.format === 'parquet')
			return new ParquetPart(this.encoder!, this.nextFileId++, this.parquetColumns!);
		const options = {
			delimiter: command.delimiter,
			addQuotes: command.addQuotes,
			escape: command.escape,
			nullAs: command.nullAs,
		};
		const encode =
			command.format === 'json'
				? (values: ReadonlyArray<string | null>) => jsonLine(values, this.columns)
				: command.format === 'csv'
					? (values: ReadonlyArray<string | null>) => csvLine(values, options)
					: (values: ReadonlyArray<string | null>) => delimitedLine(values, options);
		const names = this.columns.map((column) => column.name);
		const header = command.header
			? command.format === 'csv'
				? csvLine(names, { ...options, addQuotes: false })
				: delimitedLine(names, options)
			: undefined;
		return new TextPart(encode, command.compression, header);
	}
}
