import { Worker } from 'node:worker_threads';

/**
 * Reads a Parquet file with hyparquet. hyparquet is an ES module that Jest's CommonJS runtime
 * cannot load, so the read runs in a worker thread, which uses Node's own module loader.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
import(pathToFileURL(workerData.modulePath).href).then(async ({ parquetReadObjects, parquetMetadata }) => {
	const file = workerData.bytes.buffer.slice(workerData.bytes.byteOffset, workerData.bytes.byteOffset + workerData.bytes.byteLength);
	const rows = await parquetReadObjects({ file });
	const schema = parquetMetadata(file).schema.map((element) => ({ ...element }));
	parentPort.postMessage({ rows, schema: JSON.parse(JSON.stringify(schema, (k, v) => (typeof v === 'bigint' ? Number(v) : v))) });
}).catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

export interface ParquetContent {
	rows: Array<Record<string, unknown>>;
	schema: Array<Record<string, unknown>>;
}

export async function readParquet(bytes: Uint8Array): Promise<ParquetContent> {
	const worker = new Worker(WORKER_SOURCE, {
		eval: true,
		workerData: { modulePath: require.resolve('hyparquet'), bytes },
	});
	try {
		const reply = await new Promise<ParquetContent & { error?: string }>((resolve, reject) => {
			worker.once('message', resolve);
			worker.once('error', reject);
		});
		if (reply.error) throw new Error(`hyparquet could not read the file: ${reply.error}`);
		return reply;
	} finally {
		await worker.terminate();
	}
}
