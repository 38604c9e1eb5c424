import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { type ReadColumn, readColumn } from './values';

export interface ManifestFile {
	url: string;
	contentLength?: number;
	recordCount?: number;
}

export interface UnloadManifest {
	files: ManifestFile[];
	/** Present with MANIFEST VERBOSE. */
	columns?: ReadColumn[];
}

interface RawType {
	base?: string;
	precision?: number;
	scale?: number;
	byte_length?: number;
}

interface RawManifest {
	entries?: Array<{ url?: string; meta?: { content_length?: number; record_count?: number } }>;
	schema?: { elements?: Array<{ name?: string; type?: RawType }> };
}

/** '(38,10)' for numeric, '(200)' for strings: the dimensions MANIFEST VERBOSE gives. */
function dimensions(type: RawType): string {
	if (type.precision !== undefined) return `(${type.precision},${type.scale ?? 0})`;
	if (type.byte_length !== undefined) return `(${type.byte_length})`;
	return '';
}

export function parseUnloadManifest(text: string, manifestUrl: string): UnloadManifest {
	let raw: RawManifest;
	try {
		raw = JSON.parse(text) as RawManifest;
	} catch (error) {
		throw new Error(
			`The UNLOAD manifest ${manifestUrl} is not valid JSON: ${(error as Error).message}`,
		);
	}
	const files = (raw.entries ?? []).map((entry, index) => {
		if (!entry.url)
			throw new Error(`Entry ${index} of the UNLOAD manifest ${manifestUrl} has no url.`);
		return {
			url: entry.url,
			contentLength: entry.meta?.content_length,
			recordCount: entry.meta?.record_count,
		};
	});
	const elements = raw.schema?.elements;
	const columns = elements?.map((element) =>
		readColumn(element.name ?? '', element.type?.base ?? '', dimensions(element.type ?? {})),
	);
	return { files, columns };
}

/**
 * Reads the manifest UNLOAD wrote. Redshift writes no objects at all for an empty result in some
 * formats, and then the manifest may be missing too: that is an empty result, not an error.
 */
export async function readUnloadManifest(
	s3: S3Client,
	bucket: string,
	key: string,
): Promise<UnloadManifest> {
	try {
		const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
		return parseUnloadManifest(
			(await object.Body?.transformToString()) ?? '',
			`s3://${bucket}/${key}`,
		);
	} catch (error) {
		if ((error as { name?: string }).name === 'NoSuchKey') return { files: [] };
		throw error;
	}
}
