import type { S3Client } from '@aws-sdk/client-s3';

import { createCompressor } from './compression';
import type { FileEncoder, RowBatch, StagingFileFormat } from './fileFormat';
import { StagedFileUpload, type StagedFile } from './stagedFileUpload';

export interface RollingSettings {
	s3: S3Client;
	bucket: string;
	/** `<prefix>/<runId>/`; files are `part-00000<extension>` under it. */
	runPrefix: string;
	targetFileBytes: number;
	partSizeBytes: number;
	partConcurrency: number;
	maxFilesInFlight: number;
	compressionLevel?: number;
	signal?: AbortSignal;
}

/**
 * Batches into numbered files: a file is uploaded while it is written, closed once its
 * compressed size reaches the target, and finishes uploading while the next one is written.
 * At most maxFilesInFlight files upload at once, so memory stays bounded.
 */
export class RollingUploads {
	private readonly files: StagedFile[] = [];
	private readonly inFlight = new Set<Promise<void>>();
	private current: { upload: StagedFileUpload; encoder: FileEncoder } | undefined;
	private failure: unknown;

	constructor(
		private readonly settings: RollingSettings,
		private readonly format: StagingFileFormat,
	) {}

	async write(batch: RowBatch): Promise<void> {
		if (batch.rows === 0) return;
		const file = this.current ?? (await this.open());
		file.upload.rows += batch.rows;
		await file.encoder.write(batch);
		if (file.upload.compressedBytes >= this.settings.targetFileBytes) await this.roll();
	}

	/** Closes the last file and waits for every upload; the files in manifest order. */
	async finish(): Promise<StagedFile[]> {
		await this.roll();
		await Promise.all(this.inFlight);
		if (this.failure) throw this.failure;
		return this.files;
	}

	/** Stops the open upload and waits for the others to settle (the caller then deletes the prefix). */
	async abort(): Promise<void> {
		await this.current?.upload.abort();
		this.current = undefined;
		await Promise.allSettled(this.inFlight);
	}

	private async open(): Promise<{ upload: StagedFileUpload; encoder: FileEncoder }> {
		const { settings, format } = this;
		const key = `${settings.runPrefix}part-${String(this.files.length).padStart(5, '0')}${format.extension}`;
		const upload = new StagedFileUpload(
			key,
			await createCompressor(format.compression, settings.compressionLevel),
			{
				s3: settings.s3,
				bucket: settings.bucket,
				partSizeBytes: settings.partSizeBytes,
				partConcurrency: settings.partConcurrency,
				contentType: format.contentType,
				signal: settings.signal,
			},
		);
		this.current = { upload, encoder: format.openFile(async (data) => await upload.write(data)) };
		return this.current;
	}

	private async roll(): Promise<void> {
		const file = this.current;
		if (!file) return;
		await file.encoder.end();
		this.current = undefined;
		const index = this.files.length;
		// The slot keeps manifest order while uploads finish in any order.
		this.files.push({ key: file.upload.key, url: '', bytes: 0, rows: 0, parts: 0 });
		const tracked: Promise<void> = file.upload
			.finish()
			.then(
				(staged) => {
					this.files[index] = staged;
				},
				(error: unknown) => {
					this.failure ??= error;
				},
			)
			.finally(() => this.inFlight.delete(tracked));
		this.inFlight.add(tracked);
		while (this.inFlight.size >= this.settings.maxFilesInFlight) await Promise.race(this.inFlight);
		if (this.failure) throw this.failure;
	}
}
