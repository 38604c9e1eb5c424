import { Worker } from 'node:worker_threads';

/** A timestamp kept to the microsecond (hyparquet's default parser would round it to a Date). */
export interface ParquetTimestamp {
	timestampMicros: string;
}

/** A DATE as days since 1970-01-01. */
export interface ParquetDate {
	dateDays: number;
}

/** A DECIMAL as its unscaled integer (decimal digits) and scale: value = unscaled × 10^-scale. */
export interface ParquetDecimal {
	decimalUnscaled: string;
	decimalScale: number;
}

export interface ParquetRows {
	columns: string[];
	rows: unknown[][];
}

/**
 * hyparquet is an ES module that Jest's CommonJS runtime cannot import, so the file is decoded
 * in a worker thread (Node's own loader), as the UNLOAD encoder does with hyparquet-writer.
 *
 * hyparquet turns DECIMAL into a JS number (rounded beyond 15-17 digits), so top-level DECIMAL
 * columns are read again without their annotation: INT32, INT64 and the big-endian two's
 * complement bytes of (FIXED_LEN_)BYTE_ARRAY give the exact unscaled integer, as Redshift reads it.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');

const isDecimal = (element) =>
	element.converted_type === 'DECIMAL' || (element.logical_type && element.logical_type.type === 'DECIMAL');
const scaleOf = (element) =>
	element.scale !== undefined ? element.scale : (element.logical_type && element.logical_type.scale) || 0;

function unscaled(value) {
	if (value === null || value === undefined) return null;
	if (typeof value === 'bigint') return value;
	if (typeof value === 'number') return BigInt(value);
	let result = 0n;
	for (const byte of value) result = (result << 8n) | BigInt(byte);
	const bits = BigInt(value.length * 8);
	if (value.length > 0 && value[0] >= 0x80) result -= 1n << bits;
	return result;
}

(async () => {
	try {
		const { parquetMetadata, parquetSchema, parquetRead } = await import(pathToFileURL(workerData.modulePath).href);
		const bytes = workerData.bytes;
		const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
		const metadata = parquetMetadata(file);
		const children = parquetSchema(metadata).children;
		const columns = children.map((child) => child.element.name);
		const decimals = children
			.map((child, index) => ({ index, element: child.element, leaf: child.children.length === 0 }))
			.filter((column) => column.leaf && isDecimal(column.element));
		// The same file without the DECIMAL annotations: their physical values come through untouched.
		const bare = new Set(decimals.map((column) => column.element));
		const rawMetadata = {
			...metadata,
			schema: metadata.schema.map((element) =>
				bare.has(element) ? { ...element, converted_type: undefined, logical_type: undefined } : element,
			),
		};
		const micros = (value) => ({ timestampMicros: value.toString() });
		const read = (options) =>
			new Promise((resolve, reject) =>
				parquetRead({
					file,
					rowFormat: 'array',
					parsers: {
						timestampFromMilliseconds: (value) => micros(BigInt(value) * 1000n),
						timestampFromMicroseconds: micros,
						timestampFromNanoseconds: (value) => micros(BigInt(value) / 1000n),
						dateFromDays: (days) => ({ dateDays: Number(days) }),
					},
					...options,
					onComplete: resolve,
				}).catch(reject),
			);
		const rows = await read({ metadata: rawMetadata });
		// Un-annotated BYTE_ARRAY would be decoded as UTF-8 text: those decimals are read once more as bytes.
		const byteArrays = decimals.filter((column) => column.element.type === 'BYTE_ARRAY');
		const bytesRows = byteArrays.length
			? await read({ metadata: rawMetadata, columns: byteArrays.map((column) => column.element.name), utf8: false })
			: [];
		for (let row = 0; row < rows.length; row++) {
			for (const column of decimals) {
				const at = byteArrays.indexOf(column);
				const value = unscaled(at === -1 ? rows[row][column.index] : bytesRows[row][at]);
				rows[row][column.index] =
					value === null ? null : { decimalUnscaled: value.toString(), decimalScale: scaleOf(column.element) };
			}
		}
		parentPort.postMessage({ columns, rows });
	} catch (error) {
		parentPort.postMessage({ error: String((error && error.message) || error) });
	}
})();
`;

/** Decodes a whole Parquet file into its top-level column names and rows of JS values. */
export async function readParquetRows(content: Buffer): Promise<ParquetRows> {
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { modulePath: require.resolve('hyparquet'), bytes: new Uint8Array(content) },
	});
	try {
		return await new Promise<ParquetRows>((resolve, reject) => {
			worker.once('message', (reply: ParquetRows & { error?: string }) =>
				reply.error !== undefined ? reject(new Error(reply.error)) : resolve(reply),
			);
			worker.once('error', reject);
			worker.once('exit', (code) =>
				reject(new Error(`Parquet reader thread exited with code ${code}`)),
			);
		});
	} finally {
		await worker.terminate();
	}
}
