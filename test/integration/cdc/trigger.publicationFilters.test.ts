import type { IDataObject } from 'n8n-workflow';

import { useCdcDatabase } from './support/cdcDatabase';
import {
	closeTriggersAfterEach,
	dropSlots,
	startTrigger,
	uniqueSlotName,
} from './triggerTestSupport';

/**
 * The trigger with *Use Existing*: the publication's column list and row filter (PostgreSQL 15+) limit
 * the initial snapshot's items exactly as they limit the stream's, so excluded columns and rows never
 * reach a workflow.
 */
describe('Postgres CDC Trigger: snapshot through an existing publication with filters', () => {
	const db = useCdcDatabase('cdc_trigger_pub_filters', { dropSlotsWith: dropSlots });
	const running = closeTriggersAfterEach();

	it('leaves out the columns and rows the publication excludes, in the snapshot and the stream', async () => {
		const { rows } = await db.client.query<{ version: number }>(
			"SELECT current_setting('server_version_num')::int AS version",
		);
		const filtersExist = rows[0].version >= 150_000;
		await db.client.query(
			'CREATE TABLE accounts (id int PRIMARY KEY, email text, password_hash text, active boolean)',
		);
		await db.client.query(
			"INSERT INTO accounts SELECT g, 'a' || g || '@example.com', 'HASH-' || g, g % 2 = 0 FROM generate_series(1, 6) g",
		);
		await db.client.query(
			filtersExist
				? "CREATE PUBLICATION accounts_pub FOR TABLE accounts (id, email, active) WHERE (active) WITH (publish = 'insert')"
				: "CREATE PUBLICATION accounts_pub FOR TABLE accounts WITH (publish = 'insert')",
		);
		const slotName = db.trackSlot(uniqueSlotName('pub_filters'));
		const trigger = await startTrigger(
			db.connection,
			{
				capture: 'tables',
				tables: ['public.accounts'],
				operations: ['insert'],
				start: 'snapshot',
				batching: 'rows',
				maxRows: 100,
				options: {
					slotName,
					publicationMode: 'existing',
					publicationName: 'accounts_pub',
					maxWaitMs: 100,
					acknowledge: 'afterSuccess',
					heartbeatSeconds: 0,
				},
			},
			{ staticData: {} },
		);
		running.push(trigger);

		const items: IDataObject[] = [];
		for (let index = 0; !items.some((item) => item.op === 'c'); index++) {
			if (index === 1) {
				await db.client.query(
					"INSERT INTO accounts VALUES (7, 'odd@example.com', 'HASH-7', false), (8, 'even@example.com', 'HASH-8', true)",
				);
			}
			const run = (await trigger.harness.waitForRuns(index + 1))[index];
			items.push(...run.items.map((item) => item.json));
			run.succeed();
		}

		const rowsOf = (op: string) =>
			items.filter((item) => item.op === op).map((item) => item.after as IDataObject);
		if (filtersExist) {
			expect(rowsOf('r')).toEqual([
				{ id: '2', email: 'a2@example.com', active: 't' },
				{ id: '4', email: 'a4@example.com', active: 't' },
				{ id: '6', email: 'a6@example.com', active: 't' },
			]);
			expect(rowsOf('c')).toEqual([{ id: '8', email: 'even@example.com', active: 't' }]);
			expect(JSON.stringify(items)).not.toContain('HASH-');
		} else {
			// PostgreSQL 14 has neither column lists nor row filters: everything is published.
			expect(rowsOf('r').map((row) => row.id)).toEqual(['1', '2', '3', '4', '5', '6']);
			expect(rowsOf('r')[0]).toHaveProperty('password_hash', 'HASH-1');
		}
	});
});
