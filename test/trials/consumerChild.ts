import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IDataObject, INodeExecutionData, ITriggerResponse } from 'n8n-workflow';

import type { TriggerTuning } from '../../nodes/PostgresCdcTrigger/trigger/triggerEnvironment';
import { FakeExecution, locator } from '../support/n8n/fakeExecuteFunctions';
import { FakeTriggerHarness, type EmittedRun } from '../support/n8n/fakeTriggerFunctions';
import type {
	ConsumerMessage,
	ConsumerOptions,
	HarnessMessage,
	SelfKillPoint,
} from './consumerProtocol';

/**
 * The consumer process of the crash trials: the real Postgres CDC Trigger (production path, through
 * the fake n8n trigger context) whose every run is one execution of the real Redshift Sink's Apply
 * Changelog; the run's done promise resolves with the Sink's outcome, as n8n's would. The harness
 * kills this process with SIGKILL; it also arms kill points here (before the Sink runs, and between
 * the Sink's commit and the trigger's acknowledgement). Static data survives in a file, the way n8n
 * keeps it in its database: saved after activation and at every emit, never at other moments.
 */

/**
 * The node files are required by their full name: next to `X.node.ts` lies the codex `X.node.json`,
 * which Node's resolution of `X.node` would pick first under tsx.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { PostgresCdcTrigger } =
	require('../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node.ts') as typeof import('../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node');
const { RedshiftSink } =
	require('../../nodes/RedshiftSink/RedshiftSink.node.ts') as typeof import('../../nodes/RedshiftSink/RedshiftSink.node');
/* eslint-enable @typescript-eslint/no-require-imports */

const options = JSON.parse(process.env.TRIALS_CONSUMER_OPTIONS ?? 'null') as ConsumerOptions | null;
if (!options)
	throw new Error(
		'TRIALS_CONSUMER_OPTIONS is not set: this process is started by test/trials/run.ts.',
	);

/** Short production timings, like the integration tests' (a retry after a failed run waits 0.2–3 s). */
const TUNING: TriggerTuning = {
	drainCapMs: 2_000,
	slotDropGraceMs: 10_000,
	healthIntervalMs: 60_000,
	runTimeoutMs: 120_000,
	snapshotChunkRows: 40,
	activationWaitMs: 15_000,
	retryDelayMs: (failures) => Math.min(200 * 2 ** Math.max(0, failures - 1), 3_000),
};

const TRIGGER_PARAMETERS: IDataObject = {
	capture: 'tables',
	tables: options.tables,
	start: 'snapshot',
	batching: 'rows',
	maxRows: 25,
	// The heartbeat moves the slot past positions that carry no captured change, so the harness can
	// wait for the slot to reach the source's current WAL position.
	options: {
		slotName: options.slotName,
		publicationName: options.slotName,
		maxWaitMs: 200,
		acknowledge: 'afterSuccess',
		heartbeatSeconds: 1,
		maxRunsInFlight: options.maxRunsInFlight,
	},
};

/** Apply Changelog as a new user sets it up: target tables named after the source tables, created if missing. */
const SINK_PARAMETERS = {
	operation: 'changelog',
	changelogTarget: 'sourceTable',
	schema: locator('public'),
	columns: { mappingMode: 'autoMapInputData', value: null },
	writeMode: 'copy',
	bucket: options.bucket,
	copyAuthorization: 'stagingCredentials',
	copyOptions: { prefix: options.prefix, fileFormat: 'csv', compression: 'gzip' },
	createTable: true,
	options: {},
};

const send = (message: ConsumerMessage, then?: () => void): void => {
	if (!process.send) throw new Error('The consumer process has no IPC channel to the harness.');
	process.send(message, undefined, undefined, () => then?.());
};

let armed: { point: SelfKillPoint; ordinal: number; seen: number } | undefined;
let dying = false;
let inFlight = 0;
let runCounter = 0;
let lastSavedStaticData = '';
let active: { harness: FakeTriggerHarness; response: ITriggerResponse } | undefined;

function readStaticData(): IDataObject {
	if (!existsSync(options!.staticDataFile)) return {};
	return JSON.parse(readFileSync(options!.staticDataFile, 'utf8')) as IDataObject;
}

/** What n8n would have saved; written atomically, so a kill never leaves half a file. */
function persistStaticData(harness: FakeTriggerHarness): void {
	const text = JSON.stringify(harness.persistedStaticData);
	if (text === lastSavedStaticData) return;
	writeFileSync(`${options!.staticDataFile}.tmp`, text);
	renameSync(`${options!.staticDataFile}.tmp`, options!.staticDataFile);
	lastSavedStaticData = text;
}

function killSelf(point: SelfKillPoint, index: number): void {
	dying = true;
	send({ type: 'killingSelf', point, index }, () => process.kill(process.pid, 'SIGKILL'));
}

/** True when this run reaches the armed kill point. */
function reachesKillPoint(point: SelfKillPoint): boolean {
	if (!armed || armed.point !== point) return false;
	armed.seen += 1;
	return armed.seen === armed.ordinal;
}

async function runSink(items: INodeExecutionData[]): Promise<void> {
	const execution = new FakeExecution({
		// The fake's own import of the Sink resolves to the codex JSON under tsx (see above): hand it the
		// description of the Sink required here.
		description: new RedshiftSink().description,
		parameters: SINK_PARAMETERS,
		// n8n hands the next node a copy of the items (they pass through the execution data).
		items: JSON.parse(JSON.stringify(items)) as INodeExecutionData[],
		credentials: {
			redshiftApi: options!.redshiftCredentials,
			redshiftS3StagingApi: options!.s3Credentials,
		},
	});
	await new RedshiftSink().execute.call(execution.context);
}

async function handleRun(run: EmittedRun): Promise<void> {
	const index = runCounter++;
	inFlight += 1;
	send({ type: 'runStarted', index, items: run.items.length, inFlight });
	if (reachesKillPoint('beforeSink')) return killSelf('beforeSink', index);
	let failure: string | undefined;
	try {
		await runSink(run.items);
	} catch (error) {
		failure = (error as Error).message;
	}
	if (dying) return;
	if (failure === undefined && reachesKillPoint('afterCommitBeforeAck'))
		return killSelf('afterCommitBeforeAck', index);
	inFlight -= 1;
	if (failure === undefined) run.succeed();
	else run.fail(failure);
	send({ type: 'runEnded', index, ok: failure === undefined, message: failure, inFlight });
}

/** Activates the trigger as n8n does; a failed activation is tried again with a growing wait. */
async function activate(): Promise<void> {
	for (let failures = 0; ; failures++) {
		const harness = new FakeTriggerHarness({
			parameters: TRIGGER_PARAMETERS,
			credentials: options!.sourceCredentials,
			staticData: readStaticData(),
			workflowId: 'trials',
			nodeId: 'trigger',
		});
		const emit = harness.context.emit;
		harness.context.emit = (data, responsePromise, donePromise) => {
			emit(data, responsePromise, donePromise);
			persistStaticData(harness); // n8n saves static data at every emit
			void handleRun(harness.runs[harness.runs.length - 1]);
		};
		const emitError = harness.context.emitError;
		harness.context.emitError = (error) => {
			emitError(error);
			void reactivateAfterError(error);
		};
		try {
			const response = await harness.start(new PostgresCdcTrigger(TUNING));
			persistStaticData(harness);
			active = { harness, response };
			send({ type: 'activated' });
			return;
		} catch (error) {
			send({ type: 'activationFailed', message: (error as Error).message });
			await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * 2 ** failures, 10_000)));
		}
	}
}

/** n8n deactivates a trigger that reported an error and activates it again after about a second. */
async function reactivateAfterError(error: Error): Promise<void> {
	send({ type: 'triggerError', message: error.message });
	const current = active;
	active = undefined;
	await current?.response.closeFunction?.();
	await new Promise((resolve) => setTimeout(resolve, 1_000));
	if (!dying) await activate();
}

process.on('message', (message: HarnessMessage) => {
	if (message.type === 'arm') armed = { point: message.point, ordinal: message.ordinal, seen: 0 };
	else if (message.type === 'disarm') armed = undefined;
	else if (message.type === 'stop') {
		dying = true;
		void (async () => {
			await active?.response.closeFunction?.();
			send({ type: 'stopped' }, () => process.exit(0));
		})();
	}
});

void activate();
