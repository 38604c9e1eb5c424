import { decompress as zstdDecompress } from 'fzstd';
import { gunzipSync } from 'node:zlib';

import { RedshiftError } from '../session';
import type { Compression } from './copyCommand';

/** Decompresses one whole source file as the COPY's GZIP / ZSTD option says (DG copy-parameters-file-compression.md). */
export function decompressFile(bytes: Uint8Array, compression: Compression, url: string): Buffer {
	try {
		if (compression === 'gzip') return gunzipSync(bytes);
		if (compression === 'zstd') return Buffer.from(zstdDecompress(bytes));
		return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	} catch (error) {
		throw new RedshiftError(
			`Failed to decompress ${url} as ${compression.toUpperCase()}: ${(error as Error).message}`,
			'XX000',
			'Check that every file the COPY reads uses the compression the COPY names (GZIP, ZSTD or none).',
		);
	}
}
