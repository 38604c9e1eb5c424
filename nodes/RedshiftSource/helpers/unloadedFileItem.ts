import type { IDataObject } from 'n8n-workflow';

import type { UnloadedFile, UnloadFormat } from '../../shared/reads/unloadRead';
import { columnKind, type ReadColumn } from '../../shared/reads/values';
import { SourceError } from './errors';

/** One item of the Unloaded Files output: everything Read Unloaded File needs to read that file. */
export function unloadedFileJson(file: UnloadedFile, index: number, total: number): IDataObject {
	return {
		url: file.url,
		size: file.size,
		rowCount: file.rowCount,
		format: file.format,
		columns: file.columns.map((column) => ({ name: column.name, type: column.type })),
		fileIndex: index,
		fileCount: total,
	};
}

function formatOf(json: IDataObject, url: string): UnloadFormat | undefined {
	if (json.format === 'parquet' || json.format === 'csv') return json.format;
	if (/\.parquet$/i.test(url)) return 'parquet';
	if (/\.(gz|csv)$/i.test(url)) return 'csv';
	return undefined;
}

function columnsOf(json: IDataObject): ReadColumn[] {
	if (!Array.isArray(json.columns)) return [];
	return (json.columns as IDataObject[]).map((column) => {
		const type = String(column.type ?? '');
		return { name: String(column.name ?? ''), kind: columnKind(type), type };
	});
}

/**
 * The file to read from an input item. The URL may come from an expression; format and column
 * types come from the item when it is the Unloaded Files item of that URL.
 */
export function unloadedFileFromJson(json: IDataObject, url?: string): UnloadedFile {
	const fileUrl = (url ?? String(json.url ?? '')).trim();
	if (!fileUrl.startsWith('s3://')) {
		throw new SourceError(
			`The file URL ${JSON.stringify(fileUrl)} is not an s3:// URL.`,
			'Set *File URL* to the url of an item from the Unloaded Files output (the default {{ $json.url }} does that).',
		);
	}
	const sameFile = json.url === undefined || json.url === fileUrl;
	const format = formatOf(sameFile ? json : {}, fileUrl);
	const columns = sameFile ? columnsOf(json) : [];
	if (!format) {
		throw new SourceError(
			`Cannot tell whether ${fileUrl} is Parquet or CSV.`,
			'Feed this node the items of an Unload read with *Output* Unloaded Files: they carry the format and column types.',
		);
	}
	if (format === 'csv' && columns.length === 0) {
		throw new SourceError(
			`${fileUrl} is an unloaded CSV file, and its column types are not on the input item.`,
			'Feed this node the items of an Unload read with *Output* Unloaded Files: CSV needs the column types they carry.',
		);
	}
	return {
		url: fileUrl,
		size: sameFile && typeof json.size === 'number' ? json.size : 0,
		rowCount: sameFile && typeof json.rowCount === 'number' ? json.rowCount : 0,
		format,
		columns,
	};
}
