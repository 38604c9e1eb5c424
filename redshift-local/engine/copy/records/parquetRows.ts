import { Worker } from 'node:worker_threads';

/** A timestamp kept to the microsecond (hyparquet's default parser would round it to a Date). */
export interface ParquetTimestamp {
	timestampMicros: string;
}

/** A DATE as days since 1970-01-01. */
export interface ParquetDate {
	dateDays: number;
}

export interface ParquetRows {
	columns: string[];
	rows: unknown[][];
}

/**
 * hyparquet is an ES module that Jest's CommonJS runtime cannot import, so the file is decoded
 * in a worker thread (Node's own loader), as the UNLOAD encoder does with hyparquet-writer.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
	try {
		const { parquetMetadata, parquetSchema, parquetRead } = await import(pathToFileURL(workerData.modulePath).href);
		const bytes = workerData.bytes;
		const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
		const metadata = parquetMetadata(file);
		const columns = parquetSchema(metadata).children.map((child) => child.element.name);
		let rows = [];
		const micros = (value) => ({ timestampMicros: value.toString() });
		await parquetRead({
			file,
			metadata,
			rowFormat: 'array',
			parsers: {
				timestampFromMilliseconds: (value) => micros(BigInt(value) * 1000n),
				timestampFromMicroseconds: micros,
				timestampFromNanoseconds: (value) => micros(BigInt(value) / 1000n),
				dateFromDays: (days) => ({ dateDays: Number(days) }),
			},
			onComplete: (result) => { rows = result; },
		});
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
