import { decodePgoutput } from '../../../nodes/shared/cdc/pgoutput';
import {
	ReplicationStream,
	type ReplicationStreamOptions,
} from '../../../nodes/shared/cdc/replication';

/**
 * A consumer process for the crash test: streams one transaction, reports it, optionally
 * acknowledges it, then hangs until the test kills it with SIGKILL (no cleanup of any kind runs).
 */
interface ChildOptions {
	stream: Pick<ReplicationStreamOptions, 'connection' | 'slotName' | 'publicationNames'>;
	acknowledge: boolean;
}

async function main(): Promise<void> {
	const options = JSON.parse(process.env.CRASH_CHILD_OPTIONS ?? '{}') as ChildOptions;
	const stream = new ReplicationStream({ ...options.stream, statusIntervalMs: 100 });
	const values: string[] = [];
	for await (const event of stream) {
		if (event.kind !== 'data') continue;
		const message = decodePgoutput(event.wal.data);
		if (message.tag === 'insert') {
			const value = message.newTuple[1];
			if (value.kind === 'text') values.push(value.value);
		}
		if (message.tag === 'commit') {
			if (options.acknowledge) stream.acknowledge(message.endLsn);
			process.stdout.write(`RECEIVED ${message.endLsn} ${JSON.stringify(values)}\n`);
			await new Promise(() => {}); // hold everything open until killed
		}
	}
}

void main().catch((error: unknown) => {
	process.stdout.write(`FAILED ${(error as Error).message}\n`);
	process.exit(1);
});
