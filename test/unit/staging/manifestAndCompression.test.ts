import { decompress as zstdDecompress } from 'fzstd';
import { gunzipSync } from 'node:zlib';

import {
	buildCopyManifest,
	createCompressor,
	newRunId,
	assertRunId,
} from '../../../nodes/shared/staging';

async function compressAll(
	compression: 'gzip' | 'zstd' | 'none',
	chunks: string[],
): Promise<Buffer> {
	const compressor = await createCompressor(compression);
	const output: Buffer[] = [];
	compressor.on('data', (chunk: Buffer) => output.push(chunk));
	const ended = new Promise((resolve) => compressor.on('end', resolve));
	for (const chunk of chunks) compressor.write(chunk);
	compressor.end();
	await ended;
	return Buffer.concat(output);
}

describe('manifest', () => {
	it('lists every file as mandatory with its exact size', () => {
		const staged = (path: string, bytes: number) => ({
			key: path,
			url: `s3://b-1/${path}`,
			bytes,
			rows: 1,
			parts: 1,
		});
		expect(
			buildCopyManifest([staged('p/r/part-00000.csv.gz', 123), staged('p/r/part-00001.csv.gz', 7)]),
		).toEqual({
			entries: [
				{ url: 's3://b-1/p/r/part-00000.csv.gz', mandatory: true, meta: { content_length: 123 } },
				{ url: 's3://b-1/p/r/part-00001.csv.gz', mandatory: true, meta: { content_length: 7 } },
			],
		});
		expect(buildCopyManifest([])).toEqual({ entries: [] });
	});
});

describe('compression', () => {
	const text = Array.from({ length: 30000 }, (_, index) => `row ${index},"x"\n`);

	it('gzip output decompresses to the input', async () => {
		expect(gunzipSync(await compressAll('gzip', text)).toString()).toBe(text.join(''));
	});

	it('zstd writes concatenated frames that decompress to the input', async () => {
		const big = text.concat(text, text, text, text, text);
		const compressed = await compressAll('zstd', big);
		expect(Buffer.from(zstdDecompress(compressed)).toString()).toBe(big.join(''));
	});

	it('none passes bytes through', async () => {
		expect((await compressAll('none', ['a', 'b'])).toString()).toBe('ab');
	});
});

describe('run ids', () => {
	it('are unique, sortable by time and safe as key segments', () => {
		const first = newRunId(new Date('2026-11-21T20:30:00.123Z'));
		expect(first).toMatch(/^20261121T203000123Z-[0-9a-f]{12}$/);
		expect(newRunId()).not.toBe(newRunId());
		expect(() => assertRunId('../x')).toThrow(/only letters, digits/);
	});
});
