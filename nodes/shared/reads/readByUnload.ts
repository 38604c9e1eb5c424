import type { S3Client } from '@aws-sdk/client-s3';

import type {
	QueryOptions,
	RedshiftConnection,
	SqlRow,
	SqlStatement,
} from '../redshift/connection/types';
import { mergeConcurrently } from './mergeConcurrently';
import { parseS3Url } from '../s3/url';
import { type UnloadCompression, unloadedFileRows } from './unloadedFileRows';
import { readUnloadManifest } from './unloadManifest';

export interface ReadByUnloadOptions extends QueryOptions {
	connection: RedshiftConnection;
	s3: S3Client;
	/** A prefix no other run uses, ending in '/': s3://bucket/path/run-id/ */
	prefixUrl: string;
	/** The UNLOAD statement for that prefix: FORMAT CSV, MANIFEST VERBOSE, `NULL AS nullString`, the compression. */
	unload: SqlStatement;
	compression: UnloadCompression;
	nullString: string;
	pageSize: number;
	/** Files downloaded and parsed at once. */
	concurrency: number;
	/** Removes the unloaded files; called when reading ends, whether it succeeded or not. */
	cleanup?: () => Promise<void>;
}

/**
 * UNLOAD to S3, then read the files in parallel: for results too large for a cursor on the
 * leader node. Rows come out in pages; memory is bounded by `concurrency` pages.
 */
export async function* readByUnload(options: ReadByUnloadOptions): AsyncIterable<SqlRow[]> {
	try {
		await options.connection.query(options.unload, { signal: options.signal });
		const { bucket, key } = parseS3Url(`${options.prefixUrl}manifest`);
		const manifest = await readUnloadManifest(options.s3, bucket, key);
		if (manifest.files.length === 0) return;
		const columns = manifest.columns;
		if (!columns || columns.length === 0) {
			throw new Error(
				`The UNLOAD manifest s3://${bucket}/${key} has no schema; the UNLOAD must use MANIFEST VERBOSE so columns are known.`,
			);
		}
		const fileOptions = {
			compression: options.compression,
			nullString: options.nullString,
			columns,
		};
		const sources = manifest.files.map(
			(file) => () => unloadedFileRows(options.s3, file.url, fileOptions, options.pageSize),
		);
		for await (const page of mergeConcurrently(sources, options.concurrency)) {
			options.signal?.throwIfAborted();
			yield page;
		}
	} finally {
		await options.cleanup?.();
	}
}
