import type { CopyFileOptions } from '../redshift/sql/copy';
import type { StagingCompression } from './compression';

/** Rows buffered for one write: a text chunk or one Parquet row group. */
export interface RowBatch {
	/** Buffers a row; returns true when the batch is full and should be written. */
	add(item: Record<string, unknown>, itemIndex: number): boolean;
	readonly rows: number;
}

/** Writes batches into one file through a byte sink (the compressor of an upload). */
export interface FileEncoder {
	write(batch: RowBatch): Promise<void>;
	/** Writes whatever a file needs at its end (Parquet's footer). */
	end(): Promise<void>;
}

export type ByteSink = (data: string | Uint8Array) => Promise<void>;

/** A staging file format: how rows become file bytes, and how COPY reads them back. */
export interface StagingFileFormat {
	/** e.g. `.csv.gz` */
	extension: string;
	contentType: string;
	/** The stream compression around the file bytes (Parquet compresses inside: 'none'). */
	compression: StagingCompression;
	copyOptions: CopyFileOptions;
	newBatch(targetCharacters: number): RowBatch;
	openFile(sink: ByteSink): FileEncoder;
}
