import type { StagingCompression } from './compression';

/** How the files are encoded, in the words a loader reads them with (Redshift COPY's format options). */
export type StagedFileEncoding =
	| { type: 'CSV'; delimiter?: string; quote?: string; nullAs?: string }
	| { type: 'JSON'; paths?: 'auto' | 'auto ignorecase' | string; nullAs?: never }
	| { type: 'PARQUET'; serializeToJson?: boolean };

export type StagedFileCompression = 'GZIP' | 'ZSTD' | 'BZIP2' | 'LZOP';

/** How staged files were written: what a loader needs to read them back exactly. */
export interface StagedFileOptions {
	format: StagedFileEncoding;
	compression?: StagedFileCompression;
	timeFormat?: 'auto' | 'epochsecs' | 'epochmillisecs' | string;
	dateFormat?: 'auto' | string;
}

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
	copyOptions: StagedFileOptions;
	newBatch(targetCharacters: number): RowBatch;
	openFile(sink: ByteSink): FileEncoder;
}
