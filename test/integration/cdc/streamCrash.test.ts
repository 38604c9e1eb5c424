import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Client } from 'pg';

import { ReplicationStream } from '../../../nodes/shared/cdc/replication';
import type { PostgresConnection } from '../../support/embeddedPostgres';
import { connectPg, freshDatabase } from '../../support/testServers';
import {
	commits,
	dropSlots,
	insertedTexts,
	pullUntil,
	replicationOptions,
	slotState,
	uniqueSlotName,
	waitForSlot,
} from './streamSupport';

/** The consumer process dies with SIGKILL: no close(), no final status update, nothing. */
describe('consumer process killed', () => {
	let database: PostgresConnection;
	let sql: Client;
	const slots: string[] = [];
	const children: ChildProcess[] = [];

	beforeAll(async () => {
		database = await freshDatabase('cdc_crash');
		sql = await connectPg(database);
		await sql.query('CREATE TABLE jobs (id serial PRIMARY KEY, note text)');
		await sql.query('CREATE PUBLICATION crash_pub FOR TABLE jobs');
	});

	afterAll(async () => {
		children.forEach((child) => child.kill('SIGKILL'));
		await dropSlots(sql, slots);
		await sql.end();
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
							connection: replicationOptions(database),
							slotName,
							publicationNames: ['crash_pub'],
						},
						acknowledge,
					}),
				},
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		children.push(child);
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
		const slotName = uniqueSlotName(acknowledge ? 'crash_acked' : 'crash_unacked');
		slots.push(slotName);
		await sql.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slotName]);
		await sql.query("INSERT INTO jobs (note) VALUES ('crash test')");
		const created = (await slotState(sql, slotName))?.confirmedFlush ?? 0n;

		const { endLsn, child } = await consumeInChild(slotName, acknowledge);
		if (acknowledge) {
			await waitForSlot(
				sql,
				slotName,
				(state) => state.confirmedFlush === endLsn,
				'the acknowledgement',
			);
		}
		await kill(child);
		await waitForSlot(
			sql,
			slotName,
			(state) => !state.active,
			'the slot released by the dead consumer',
		);
		expect((await slotState(sql, slotName))?.confirmedFlush).toBe(acknowledge ? endLsn : created);

		await sql.query("INSERT INTO jobs (note) VALUES ('after the crash')");
		const stream = new ReplicationStream({
			connection: replicationOptions(database),
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
