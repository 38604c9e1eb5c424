import { randomBytes } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	IDataObject,
} from 'n8n-workflow';

import { PostgresCdcTrigger } from '../../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node';
import { freePort } from '../../support/freePort';

import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	commitLsnOf,
	confirmedFlush,
	credentialsFor,
	dropSlots,
	slotExists,
	startTrigger,
	summary,
	TEST_TUNING,
	uniqueSlotName,
	waitForConfirmedFlush,
	waitForSlotInactive,
} from './triggerTestSupport';

async function testCredential(data: ICredentialDataDecryptedObject) {
	const node = new PostgresCdcTrigger();
	const test = node.methods.credentialTest.postgresReplicationConnectionTest;
	// The test only connects; it uses nothing from n8n's credential-test context.
	const context = {} as ICredentialTestFunctions;
	return await test.call(context, {
		id: 'c1',
		name: 'Replication',
		type: 'postgresReplicationApi',
		data,
	});
}

describe('Postgres CDC Trigger: manual mode, credential test, dropping the slot', () => {
	const db = useCdcDatabase('cdc_manual', {
		setup: [
			'CREATE TABLE events (id int PRIMARY KEY, kind text)',
			'CREATE TABLE full_events (id int PRIMARY KEY, kind text)',
			'ALTER TABLE full_events REPLICA IDENTITY FULL',
		],
		dropSlotsWith: dropSlots,
	});
	const running = closeTriggersAfterEach();

	const parameters = (slotName: string, extra: IDataObject = {}): IDataObject => ({
		capture: 'tables',
		tables: ['public.events'],
		start: 'now',
		batching: 'transaction',
		...extra,
		options: {
			slotName,
			publicationName: slotName,
			heartbeatSeconds: 0,
			...(extra.options as IDataObject | undefined),
		},
	});

	it('manual mode shows the next change from a temporary slot and leaves the production slot untouched', async () => {
		const slotName = uniqueSlotName('cdc_prod');
		db.trackSlot(slotName);
		const production = await startTrigger(db.connection, parameters(slotName));
		await db.client.query("INSERT INTO events VALUES (1, 'before test')");
		const [first] = await production.harness.waitForRuns(1);
		first.succeed();
		const acknowledged = await waitForConfirmedFlush(
			db.client,
			slotName,
			commitLsnOf(first.items[0].json),
		);
		await production.close();
		await waitForSlotInactive(db.client, slotName);

		const manual = await startTrigger(db.connection, parameters(slotName), { mode: 'manual' });
		running.push(manual);
		expect(manual.response.manualTriggerFunction).toBeInstanceOf(Function);
		expect(manual.harness.runs).toHaveLength(0); // nothing is emitted inside trigger()
		await manual.response.manualTriggerFunction!();
		const { rows: temporary } = await db.client.query<{ slot_name: string; temporary: boolean }>(
			"SELECT slot_name, temporary FROM pg_replication_slots WHERE slot_name LIKE 'n8n\\_cdc\\_test\\_%'",
		);
		expect(temporary.length).toBeGreaterThanOrEqual(1);
		expect(temporary.every((slot) => slot.temporary)).toBe(true);

		await db.client.query("INSERT INTO events VALUES (2, 'seen by the test run')");
		const [shown] = await manual.harness.waitForRuns(1);
		expect(manual.harness.manualResponses).toHaveLength(1);
		// As production items: the table's description (firstSight) before its first change.
		expect(shown.items.map((item) => summary(item.json))).toEqual(['schema events', 'c events 2']);
		await manual.close();

		expect(await confirmedFlush(db.client, slotName)).toEqual(acknowledged);
		const { rows: leftovers } = await db.client.query(
			"SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'n8n\\_cdc\\_test\\_%' UNION ALL SELECT pubname FROM pg_publication WHERE pubname LIKE 'n8n\\_cdc\\_test\\_%'",
		);
		expect(leftovers).toEqual([]);

		// The production slot still has the change the test run showed.
		const resumed = await startTrigger(db.connection, parameters(slotName));
		running.push(resumed);
		const [next] = await resumed.harness.waitForRuns(1);
		expect(next.items.map((item) => summary(item.json))).toEqual(['schema events', 'c events 2']);
		next.succeed();
	});

	it('manual mode gives the same key and source identity as production items', async () => {
		const slotName = uniqueSlotName('cdc_manual_keys');
		const manual = await startTrigger(
			db.connection,
			parameters(slotName, { tables: ['public.full_events'] }),
			{ mode: 'manual' },
		);
		running.push(manual);
		await manual.response.manualTriggerFunction!();
		await db.client.query("INSERT INTO full_events VALUES (1, 'a')");
		await db.client.query('UPDATE full_events SET kind = NULL WHERE id = 1');
		const [shown] = await manual.harness.waitForRuns(1);
		// Under REPLICA IDENTITY FULL pgoutput flags every column; the key is still the primary key.
		// [0] is the table's description (firstSight), which marks the same key.
		expect(shown.items[1].json).toMatchObject({ op: 'c', key: { id: '1' } });
		expect(
			((shown.items[0].json.schemaChange as IDataObject).columns as IDataObject[]).map((column) => [
				column.name,
				column.isKey,
			]),
		).toEqual([
			['id', true],
			['kind', false],
		]);
		const { rows } = await db.client.query<{ id: string }>(
			'SELECT system_identifier::text AS id FROM pg_control_system()',
		);
		expect((shown.items[1].json.source as IDataObject).systemId).toBe(rows[0].id);
		await manual.close();
	});

	it('manual mode runs the production pipeline: Operations and Value Types apply, one run is shown', async () => {
		const slotName = uniqueSlotName('cdc_manual_opts');
		const manual = await startTrigger(
			db.connection,
			parameters(slotName, { operations: ['update'], options: { valueTypes: 'native' } }),
			{ mode: 'manual' },
		);
		running.push(manual);
		await manual.response.manualTriggerFunction!();
		await db.client.query("INSERT INTO events VALUES (31, 'inserted: not captured')");
		await db.client.query("UPDATE events SET kind = 'updated' WHERE id = 31");
		const [shown] = await manual.harness.waitForRuns(1);
		expect(manual.harness.manualResponses).toHaveLength(1);
		const changes = shown.items.map((item) => item.json).filter((json) => json.op !== 'schema');
		// Native values: the integer key is a number, not Postgres' text "31".
		expect(changes).toEqual([
			expect.objectContaining({ op: 'u', after: { id: 31, kind: 'updated' }, key: { id: 31 } }),
		]);
		await manual.close();
		// The production slot was never created by the test run.
		expect(await slotExists(db.client, slotName)).toBe(false);
	});

	it('drops the slot after deactivation only when asked, and not when the trigger is re-activated in time', async () => {
		const kept = uniqueSlotName('cdc_keep');
		db.trackSlot(kept);
		const keep = await startTrigger(db.connection, parameters(kept));
		await keep.close();
		await waitForSlotInactive(db.client, kept);
		expect(await slotExists(db.client, kept)).toBe(true);

		const dropped = uniqueSlotName('cdc_drop');
		db.trackSlot(dropped);
		const drop = await startTrigger(
			db.connection,
			parameters(dropped, { options: { dropSlotOnDeactivate: true } }),
		);
		await drop.close();
		await waitForSlotInactive(db.client, dropped);
		const deadline = Date.now() + 20_000;
		while ((await slotExists(db.client, dropped)) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(await slotExists(db.client, dropped)).toBe(false);

		// A workflow update closes and re-activates at once: the pending drop is cancelled.
		const updated = uniqueSlotName('cdc_update');
		db.trackSlot(updated);
		const before = await startTrigger(
			db.connection,
			parameters(updated, { options: { dropSlotOnDeactivate: true } }),
		);
		await before.close();
		await waitForSlotInactive(db.client, updated);
		const after = await startTrigger(
			db.connection,
			parameters(updated, { options: { dropSlotOnDeactivate: true } }),
			{
				activationMode: 'update',
			},
		);
		running.push(after);
		// Wait well past the grace period the deactivation scheduled its drop for.
		await new Promise((resolve) => setTimeout(resolve, TEST_TUNING.slotDropGraceMs * 5));
		expect(await slotExists(db.client, updated)).toBe(true);
	});

	describe('credential test', () => {
		it('passes for a user that may replicate', async () => {
			expect(await testCredential(credentialsFor(db.connection))).toEqual({
				status: 'OK',
				message: 'Connection successful: logical replication is ready.',
			});
		});

		it('names the missing REPLICATION privilege and the command that grants it', async () => {
			const role = uniqueSlotName('cdc_norepl');
			const password = randomBytes(8).toString('hex');
			await db.client.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
			try {
				const result = await testCredential({
					...credentialsFor(db.connection),
					user: role,
					password,
				});
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(/no REPLICATION privilege.*ALTER ROLE <user> REPLICATION/);
				expect(result.message).not.toContain(password);
			} finally {
				await db.client.query(`DROP ROLE "${role}"`);
			}
		});

		it('says when the password is wrong, without echoing it', async () => {
			const wrong = `wrong-${randomBytes(6).toString('hex')}`;
			const result = await testCredential({ ...credentialsFor(db.connection), password: wrong });
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(
					/PostgreSQL refused the login at .*check the user and password/,
				),
			});
			expect(result.message).not.toContain(wrong);
		});

		it('says when nothing listens on the port', async () => {
			const result = await testCredential({
				...credentialsFor(db.connection),
				port: await freePort(),
			});
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(
				/Nothing accepts connections at 127\.0\.0\.1:\d+\/.*check host and port/,
			);
		});
	});
});
