import type { S3Client } from '@aws-sdk/client-s3';

import { RedshiftError } from '../session';
import type { CopyCommand } from './copyCommand';
import { decompressFile } from './decompress';
import { listObjects, parseS3Url, readObjectIfExists, s3Url } from './s3Objects';

/** One file a COPY loads, already decompressed. */
export interface SourceFile {
	url: string;
	content: Buffer;
	/** Size of the object in S3 (compressed), for sys_load_history. */
	storedBytes: number;
}

interface ManifestEntry {
	url: string;
	mandatory: boolean;
	/** meta.content_length: exact object size, required for columnar files. */
	contentLength?: number;
}

function manifestFormatError(manifestUrl: string, problem: string): RedshiftError {
	return new RedshiftError(
		'Manifest file is not in correct json format',
		'XX000',
		`${manifestUrl}: ${problem}`,
	);
}

/** Reads the manifest's entries (DG loading-data-files-using-manifest.md): url required, mandatory defaults to false. */
export function parseManifest(text: string, manifestUrl: string): ManifestEntry[] {
	let manifest: unknown;
	try {
		manifest = JSON.parse(text);
	} catch (error) {
		throw manifestFormatError(manifestUrl, (error as Error).message);
	}
	const entries = (manifest as { entries?: unknown } | null)?.entries;
	if (!Array.isArray(entries)) throw manifestFormatError(manifestUrl, 'no "entries" array');
	return entries.map((entry: unknown, index) => {
		const { url, mandatory, meta } = (entry ?? {}) as {
			url?: unknown;
			mandatory?: unknown;
			meta?: { content_length?: unknown };
		};
		const contentLength = meta?.content_length;
		if (
			contentLength !== undefined &&
			!(Number.isInteger(contentLength) && (contentLength as number) >= 0)
		) {
			throw manifestFormatError(
				manifestUrl,
				`entry ${index} has a "meta.content_length" that is not a byte count`,
			);
		}
		if (typeof url !== 'string')
			throw manifestFormatError(manifestUrl, `entry ${index} has no "url" string`);
		if (mandatory !== undefined && typeof mandatory !== 'boolean') {
			throw manifestFormatError(
				manifestUrl,
				`entry ${index} has a "mandatory" that is not true or false`,
			);
		}
		if (!/^s3:\/\/[^/]+\/.*[^/]$/i.test(url)) {
			throw new RedshiftError(
				'COPY with MANIFEST parameter requires full path of an S3 object',
				'XX000',
				`Manifest ${manifestUrl}, entry ${index}: '${url}' is not a full object path (code 8001)`,
			);
		}
		return {
			url,
			mandatory: mandatory === true,
			contentLength: contentLength as number | undefined,
		};
	});
}

/**
 * Columnar files are read by byte range as the manifest's meta.content_length says (DG
 * loading-data-files-using-manifest.md: "required … for loading data files in an ORC or
 * Parquet file format"): a length past the end is S3's 416, a shorter one truncates the file.
 */
function columnarBytes(bytes: Uint8Array, entry: ManifestEntry): Uint8Array {
	if (entry.contentLength === undefined) {
		throw new RedshiftError(
			"File entry does not have 'meta' key.",
			'XX000',
			`Manifest entry ${entry.url} needs "meta": {"content_length": <bytes>} for PARQUET (code 15003)`,
		);
	}
	if (entry.contentLength > bytes.byteLength) {
		throw new RedshiftError(
			'HTTP response error code: 416 Message: InvalidRange The requested range is not satisfiable',
			'XX000',
			`${entry.url} has ${bytes.byteLength} bytes; the manifest says content_length ${entry.contentLength}`,
		);
	}
	return bytes.subarray(0, entry.contentLength);
}

async function* manifestFiles(s3: S3Client, command: CopyCommand): AsyncGenerator<SourceFile> {
	const manifestBytes = await readObjectIfExists(s3, parseS3Url(command.source));
	if (!manifestBytes) {
		throw new RedshiftError(
			'Problem reading manifest file - S3ServiceException:The specified key does not exist.,Status 404,Error NoSuchKey',
			'XX000',
			`Manifest: ${command.source}`,
		);
	}
	let found = 0;
	for (const entry of parseManifest(Buffer.from(manifestBytes).toString('utf8'), command.source)) {
		const bytes = await readObjectIfExists(s3, parseS3Url(entry.url));
		if (bytes) {
			found++;
			const stored = command.format.kind === 'parquet' ? columnarBytes(bytes, entry) : bytes;
			yield {
				url: entry.url,
				content: decompressFile(stored, command.compression, entry.url),
				storedBytes: bytes.byteLength,
			};
		} else if (entry.mandatory) {
			throw new RedshiftError(
				'Mandatory url is not present in manifest file.',
				'XX000',
				`The manifest ${command.source} lists ${entry.url} as mandatory, but that object does not exist.`,
			);
		}
	}
	if (found === 0) {
		throw new RedshiftError(
			`None of the files listed in the manifest ${command.source} exist`,
			'XX000',
			'COPY terminates when no file is found, whatever the mandatory settings.',
		);
	}
}

async function* prefixFiles(s3: S3Client, command: CopyCommand): AsyncGenerator<SourceFile> {
	const prefix = parseS3Url(command.source);
	const objects = await listObjects(s3, prefix);
	if (objects.length === 0) {
		throw new RedshiftError(
			`The specified S3 prefix '${prefix.key}' does not exist`,
			'XX000',
			`Bucket: ${prefix.bucket}`,
		);
	}
	for (const location of objects) {
		const url = s3Url(location);
		const bytes = await readObjectIfExists(s3, location);
		if (bytes) {
			yield {
				url,
				content: decompressFile(bytes, command.compression, url),
				storedBytes: bytes.byteLength,
			};
		}
	}
}

/**
 * The files a COPY loads, one at a time so that only one is in memory: the manifest's entries,
 * or every object under the key prefix.
 */
export function sourceFiles(s3: S3Client, command: CopyCommand): AsyncGenerator<SourceFile> {
	return command.manifest ? manifestFiles(s3, command) : prefixFiles(s3, command);
}

/** A JSONPaths file is read as plain UTF-8 JSON, never decompressed (DG copy-parameters-data-format.md). */
export async function readJsonPathsFile(s3: S3Client, url: string): Promise<string> {
	const bytes = await readObjectIfExists(s3, parseS3Url(url));
	if (!bytes) {
		throw new RedshiftError(
			'S3ServiceException:The specified key does not exist.,Status 404,Error NoSuchKey',
			'XX000',
			`JSONPaths file: ${url}`,
		);
	}
	return Buffer.from(bytes).toString('utf8');
}
