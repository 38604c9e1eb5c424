import type { ICredentialDataDecryptedObject, IDataObject, ITriggerResponse } from 'n8n-workflow';
import type { Client } from 'pg';

import { PostgresCdcTrigger } from '../../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node';
import type { TriggerTuning } from '../../../nodes/PostgresCdcTrigger/trigger/triggerEnvironment';
import { parseLsn } from '../../../nodes/shared/cdc/pgoutput/lsn';
import type { PostgresConnection } from '../../support/embeddedPostgres';
import {
	FakeTriggerHarness,
	type FakeTriggerOptions,
} from '../../support/n8n/fakeTriggerFunctions';
import { slotState } from './streamSupport';

export { uniqueSlotName } from './streamSupport';

/** Short timings so tests do not wait for production grace periods. */
export const TEST_TUNING: TriggerTuning = {
	drainCapMs: 300,
	slotDropGraceMs: 200,
	healthIntervalMs: 60_000,
	runTimeoutMs: 120_000,
	snapshotChunkRows: 2,
	activationWaitMs: 15_000,
	retryDelayMs: () => 200,
};

export function credentialsFor(connection: PostgresConnection): ICredentialDataDecryptedObject {
	const { host, port, database, user, password } = connection;
	return { host, port, database, user, password, ssl: 'disable' };
}

export interface StartedTrigger {
	harness: FakeTriggerHarness;
	response: ITriggerResponse;
	close(): Promise<void>;
}

/** Runs the real node's trigger() against a fake n8n context. */
export async function startTrigger(
	connection: PostgresConnection,
	parameters: IDataObject,
	extra: Partial<FakeTriggerOptions> = {},
	tuning: TriggerTuning = TEST_TUNING,
): Promise<StartedTrigger> {
	const harness = new FakeTriggerHarness({
		parameters,
		credentials: credentialsFor(connection),
		...extra,
	});
	const response = await harness.start(new PostgresCdcTrigger(tuning));
	let closed = false;
	return {
		harness,
		response,
		close: async () => {
			if (closed) return;
			closed = true;
			await response.closeFunction?.();
		},
	};
}

/** The triggers a test starts, closed after each test so none holds its slot into the next. */
export function closeTriggersAfterEach(): StartedTrigger[] {
	const running: StartedTrigger[] = [];
	afterEach(async () => {
		for (const trigger of running.splice(0)) await trigger.close();
	});
	return running;
}

export async function confirmedFlush(
	client: Client,
	slotName: string,
): Promise<bigint | undefined> {
	const { rows } = await client.query<{ lsn: string | null }>(
		'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
		[slotName],
	);
	if (rows.length === 0 || rows[0].lsn === null) return undefined;
	return parseLsn(rows[0].lsn);
}

/** Polls until the slot's confirmed position reaches `atLeast` (the walsender applies replies asynchronously). */
export async function waitForConfirmedFlush(
	client: Client,
	slotName: string,
	atLeast: bigint,
	timeoutMs = 20_000,
): Promise<bigint> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const lsn = await confirmedFlush(client, slotName);
		if (lsn !== undefined && lsn >= atLeast) return lsn;
		if (Date.now() > deadline) {
			throw new Error(
				`Slot ${slotName} did not confirm ${atLeast} within ${timeoutMs} ms (it is at ${lsn}).`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Polls until the slot is no longer held by a walsender (after a trigger closed). */
export async function waitForSlotInactive(
	client: Client,
	slotName: string,
	timeoutMs = 20_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const state = await slotState(client, slotName);
		if (!state?.active) return;
		if (Date.now() > deadline)
			throw new Error(`Slot ${slotName} is still active after ${timeoutMs} ms.`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

export async function slotExists(client: Client, slotName: string): Promise<boolean> {
	return (await slotState(client, slotName)) !== undefined;
}

/** Drops the test's slots (inactive ones only; a leaked active slot fails the cleanup loudly). */
export async function dropSlots(client: Client, slotNames: string[]): Promise<void> {
	for (const slotName of slotNames) {
		await waitForSlotInactive(client, slotName);
		await client.query(
			'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
			[slotName],
		);
	}
}

/** The LSN a transaction's events were acknowledged at: their commit end position. */
export function commitLsnOf(json: IDataObject): bigint {
	const source = json.source as IDataObject;
	return parseLsn(String(source.commitLsn));
}

/** A compact view of an item: op, table, and the id before/after. */
export function summary(json: IDataObject): string {
	const source = json.source as IDataObject;
	const after = json.after as IDataObject | null;
	const before = json.before as IDataObject | null;
	const key = json.key as IDataObject | null;
	const id = after?.id ?? before?.id ?? key?.id ?? '';
	return `${String(json.op)} ${String(source.table)} ${String(id)}`.trim();
}
