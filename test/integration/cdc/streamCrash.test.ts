import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import { useCdcDatabase } from './support/cdcDatabase';
import {
	commits,
	insertedTexts,
	pullUntil,
	replicationOptions,
	slotState,
	waitForSlot,
} from './streamSupport';

/** The consumer process dies with SIGKILL: no close(), no final status update, nothing. */
describe('consumer process killed', () => {
	const db = useCdcDatabase('cdc_crash', {
		setup: [
			'CREATE TABLE jobs (id serial PRIMARY KEY, note text)',
			'CREATE PUBLICATION crash_pub FOR TABLE jobs',
		],
	});

	/** Runs the child until it reports the transaction; returns its commit end position. */
	async function consumeInChild(
		slotName: string,
		acknowledge: boolean,
	): Promise<{ endLsn: bigint; child: ChildProcess }> {
		// A real process to kill; test tooling, never shipped in dist/.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		const child = spawn(
			process.execPath,
			['-r', join(__dirname, 'streamCrashRegister.js'), join(__dirname, 'streamCrashChild.ts')],
			{
				env: {
					...process.env,
					CRASH_CHILD_OPTIONS: JSON.stringify({
						stream: {
							connection: replicationOptions(db.connection),
							slotName,
							publicationNames: ['crash_pub'],
						},
						acknowledge,
					}),
				},
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		db.closeAfterAll(async () => child.kill('SIGKILL'));
		const line = await new Promise<string>((resolve, reject) => {
			let output = '';
			child.stdout?.on('data', (chunk: Buffer) => {
				output += chunk.toString();
				if (output.includes('\n')) resolve(output.split('\n')[0]);
			});
			child.on('exit', (code) =>
				reject(new Error(`The consumer process exited (${code}) before reporting: ${output}`)),
			);
		});
		const match = /^RECEIVED (\d+) (.*)$/.exec(line);
		if (!match) throw new Error(`The consumer process reported: ${line}`);
		expect(JSON.parse(match[2])).toEqual(['crash test']);
		return { endLsn: BigInt(match[1]), child };
	}

	async function kill(child: ChildProcess): Promise<void> {
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill('SIGKILL');
		await exited;
	}

	it.each([
		['before acknowledging, the transaction comes again', false],
		['after acknowledging, the transaction does not come again', true],
	])('killed %s', async (_, acknowledge) => {
		const slotName = await db.newSlot(acknowledge ? 'crash_acked' : 'crash_unacked');
		await db.client.query("INSERT INTO jobs (note) VALUES ('crash test')");
		const created = (await slotState(db.client, slotName))?.confirmedFlush ?? 0n;

		const { endLsn, child } = await consumeInChild(slotName, acknowledge);
		if (acknowledge) {
			await waitForSlot(
				db.client,
				slotName,
				(state) => state.confirmedFlush === endLsn,
				'the acknowledgement',
			);
		}
		await kill(child);
		await waitForSlot(
			db.client,
			slotName,
			(state) => !state.active,
			'the slot released by the dead consumer',
		);
		expect((await slotState(db.client, slotName))?.confirmedFlush).toBe(
			acknowledge ? endLsn : created,
		);

		await db.client.query("INSERT INTO jobs (note) VALUES ('after the crash')");
		const stream = new ReplicationStream({
			connection: replicationOptions(db.connection),
			slotName,
			publicationNames: ['crash_pub'],
		});
		try {
			const expected = acknowledge ? ['after the crash'] : ['crash test', 'after the crash'];
			const { frames } = await pullUntil(
				stream,
				(seen) => commits(seen).length === expected.length,
			);
			expect(insertedTexts(frames)).toEqual(expected);
		} finally {
			await stream.close();
		}
	});
});
