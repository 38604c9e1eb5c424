import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { once } from 'node:events';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';

/** One staged object as the manifest lists it. */
export interface StagedFile {
	key: string;
	/** s3://bucket/key */
	url: string;
	/** Exact object size in bytes (the manifest's content_length). */
	bytes: number;
	rows: number;
	/** Parts uploaded: 1 for a single PUT, more for a multipart upload. */
	parts: number;
}

export interface UploadSettings {
	s3: S3Client;
	bucket: string;
	/** Multipart part size (S3 minimum 5 MiB). */
	partSizeBytes: number;
	/** Parts of one file uploaded at the same time. */
	partConcurrency: number;
	contentType: string;
	signal?: AbortSignal;
}

/** Counts the bytes that pass through: the exact size of the object being uploaded. */
class ByteCounter extends Transform {
	bytes = 0;

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.bytes += chunk.length;
		callback(null, chunk);
	}
}

/**
 * A file being written and uploaded at the same time: text in, compressed bytes streamed to a
 * multipart upload (parts are buffered by lib-storage, so no chunked-checksum body is sent).
 */
export class StagedFileUpload {
	rows = 0;
	private readonly parts = new Set<number>();
	private readonly counter = new ByteCounter();
	private readonly upload: Upload;
	private readonly done: Promise<unknown>;
	private failure: Error | undefined;

	constructor(
		readonly key: string,
		private readonly compressor: Transform,
		private readonly settings: UploadSettings,
	) {
		const body = new PassThrough();
		compressor.on('error', (error: Error) => this.fail(error));
		this.counter.on('error', (error: Error) => this.fail(error));
		compressor.pipe(this.counter).pipe(body);
		this.upload = new Upload({
			client: settings.s3,
			params: { Bucket: settings.bucket, Key: key, Body: body, ContentType: settings.contentType },
			partSize: settings.partSizeBytes,
			queueSize: settings.partConcurrency,
			leavePartsOnError: false,
		});
		this.upload.on('httpUploadProgress', (progress) => {
			if (progress.part !== undefined) this.parts.add(progress.part);
		});
		this.done = this.upload.done();
		// Remember a failure at once, so a writer waiting for 'drain' does not wait forever.
		this.done.catch((error: unknown) =>
			this.fail(error instanceof Error ? error : new Error(String(error))),
		);
		settings.signal?.addEventListener('abort', this.onAbort, { once: true });
	}

	/** Compressed bytes produced so far (a little behind what was written). */
	get compressedBytes(): number {
		return this.counter.bytes;
	}

	async write(data: string | Uint8Array): Promise<void> {
		this.throwIfFailed();
		if (this.compressor.write(data)) return;
		await this.untilDrainOrFailure();
	}

	/** Ends the file and resolves when the object is complete in S3. */
	async finish(): Promise<StagedFile> {
		this.throwIfFailed();
		// A finishing file is no longer cancelled by the signal: a request cut off on the client may
		// still complete on the server after the cleanup listed the prefix, and leave the object behind.
		// Letting it finish means the cleanup that follows an abort sees it and deletes it.
		this.settings.signal?.removeEventListener('abort', this.onAbort);
		this.compressor.end();
		try {
			await this.done;
		} catch (error) {
			this.fail(error instanceof Error ? error : new Error(String(error)));
		}
		this.throwIfFailed();
		return {
			key: this.key,
			url: `s3://${this.settings.bucket}/${this.key}`,
			bytes: this.counter.bytes,
			rows: this.rows,
			parts: Math.max(1, this.parts.size),
		};
	}

	/** Stops the upload (a multipart upload is aborted, so no parts are left behind). */
	async abort(): Promise<void> {
		this.fail(new Error('Staging was stopped.'));
		this.settings.signal?.removeEventListener('abort', this.onAbort);
		await this.upload.abort().catch(() => undefined);
		this.compressor.destroy();
		await this.done.catch(() => undefined);
	}

	private readonly onAbort = () => {
		void this.abort();
	};

	private fail(error: Error): void {
		this.failure ??= error;
	}

	private throwIfFailed(): void {
		if (this.failure)
			throw new Error(
				`Uploading s3://${this.settings.bucket}/${this.key} failed: ${this.failure.message}`,
			);
	}

	private async untilDrainOrFailure(): Promise<void> {
		const controller = new AbortController();
		try {
			await Promise.race([
				once(this.compressor, 'drain', { signal: controller.signal }),
				this.done.then(() => undefined),
			]);
		} catch (error) {
			if (!this.failure && !(error instanceof Error && error.name === 'AbortError')) throw error;
		} finally {
			controller.abort();
		}
		this.throwIfFailed();
	}
}
