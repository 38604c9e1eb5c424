import { Worker } from 'node:worker_threads';

import type { ParquetSchemaElement, ParquetValue } from './parquetColumns';

/**
 * hyparquet-writer is an ES module. Node loads it with a native import, but Jest's CommonJS
 * runtime cannot, so the encoder lives in a worker thread, which always uses Node's own loader.
 * The worker keeps one incremental ParquetWriter per open file and hands back the bytes each
 * row group produced, so no file is ever held whole in the worker.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const library = import(pathToFileURL(workerData.modulePath).href);
const files = new Map();
function drain(sink) {
	const bytes = sink.getBytes().slice();
	sink.index = 0;
	return bytes;
}
parentPort.on('message', async (message) => {
	try {
		const { ByteWriter, ParquetWriter } = await library;
		let file = files.get(message.file);
		if (message.op === 'open') {
			const sink = new ByteWriter();
			const writer = new ParquetWriter({ writer: sink, schema: message.schema, createdBy: workerData.createdBy });
			file = { sink, writer };
			files.set(message.file, file);
		} else if (message.op === 'write') {
			file.writer.write({ columnData: message.columnData, rowGroupSize: message.rows });
		} else {
			file.writer.finish();
			files.delete(message.file);
		}
		const bytes = drain(file.sink);
		parentPort.postMessage({ seq: message.seq, bytes }, [bytes.buffer]);
	} catch (error) {
		parentPort.postMessage({ seq: message.seq, error: String((error && error.stack) || error) });
	}
});
`;

interface Reply {
	seq: number;
	bytes?: Uint8Array;
	error?: string;
}

export class ParquetEncoder {
	private readonly worker: Worker;
	private seq = 0;
	private readonly pending = new Map<
		number,
		{ resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }
	>();
	private failure?: Error;

	constructor() {
		this.worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: {
				modulePath: require.resolve('hyparquet-writer'),
				createdBy: 'Amazon Redshift (n8n-nodes-redshift-cdc local emulation)',
			},
		});
		this.worker.on('message', (reply: Reply) => {
			const waiter = this.pending.get(reply.seq);
			this.pending.delete(reply.seq);
			if (reply.error !== undefined)
				waiter?.reject(new Error(`Parquet encoding failed: ${reply.error}`));
			else waiter?.resolve(reply.bytes ?? new Uint8Array());
		});
		this.worker.on('error', (error) => this.failAll(error));
		this.worker.on('exit', (code) =>
			this.failAll(new Error(`Parquet encoder thread exited with code ${code}`)),
		);
	}

	/** Starts a file; returns its leading bytes (the PAR1 magic). */
	open(file: number, schema: ParquetSchemaElement[]): Promise<Uint8Array> {
		return this.call({ op: 'open', file, schema });
	}

	/** Writes one row group; returns the bytes it produced. */
	write(
		file: number,
		columnData: Array<{ name: string; data: ParquetValue[] }>,
		rows: number,
	): Promise<Uint8Array> {
		return this.call({ op: 'write', file, columnData, rows });
	}

	/** Writes the footer; returns the file's last bytes. */
	finish(file: number): Promise<Uint8Array> {
		return this.call({ op: 'finish', file });
	}

	async close(): Promise<void> {
		this.worker.removeAllListeners('exit');
		await this.worker.terminate();
	}

	private call(message: Record<string, unknown>): Promise<Uint8Array> {
		if (this.failure) return Promise.reject(this.failure);
		const seq = ++this.seq;
		return new Promise((resolve, reject) => {
			this.pending.set(seq, { resolve, reject });
			this.worker.postMessage({ ...message, seq });
		});
	}

	private failAll(error: Error): void {
		this.failure = error;
		for (const waiter of this.pending.values()) waiter.reject(error);
		this.pending.clear();
	}
}
