import type { S3Client } from '@aws-sdk/client-s3';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { readUnloadedFile } from '../../shared/reads/unloadRead';
import type { NumberMode } from '../../shared/reads/values';
import { SourceError } from '../helpers/errors';
import { unloadedFileFromJson } from '../helpers/unloadedFileItem';

export interface ReadUnloadedFileRun {
	s3: S3Client;
	pageSize: number;
	numbers: NumberMode;
	maxRows: number;
	signal?: AbortSignal;
}

function tooManyRows(rows: number, maxRows: number): SourceError {
	return new SourceError(
		`The files hold ${rows.toLocaleString('en-US')} rows or more, more than Max Rows (${maxRows.toLocaleString('en-US')}); nothing was returned.`,
		'Read fewer files per run: put a Loop Over Items with batch size 1 before this node, unload smaller files (*Max File Size*), or raise *Options > Max Rows*.',
	);
}

/**
 * Read Unloaded File: each input item names one file (the Unloaded Files output's items do); its
 * rows come out as items paired with that input item. A file's row count from the manifest
 * is checked against Max Rows before the file is read.
 */
export async function execute(
	this: IExecuteFunctions,
	run: ReadUnloadedFileRun,
): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const url = String(this.getNodeParameter('fileUrl', itemIndex, '') ?? '');
		const file = unloadedFileFromJson(items[itemIndex].json, url);
		if (out.length + file.rowCount > run.maxRows)
			throw tooManyRows(out.length + file.rowCount, run.maxRows);
		for await (const page of readUnloadedFile(run.s3, file, run)) {
			for (const row of page.rows) {
				out.push({ json: row as INodeExecutionData['json'], pairedItem: { item: itemIndex } });
			}
			if (out.length > run.maxRows) throw tooManyRows(out.length, run.maxRows);
		}
	}
	return out;
}
