import type {
	IDataObject,
	IDeferredPromise,
	INodeExecutionData,
	IRun,
	ITriggerFunctions,
} from 'n8n-workflow';

import { triggerError } from './triggerErrors';

/** What the trigger logic needs from n8n, so it stays testable and free of `this`. */
export interface TriggerEnvironment {
	/** Starts a run; looks `this.emit` up at call time (n8n replaces it in manual mode). */
	emit(items: INodeExecutionData[], done: IDeferredPromise<IRun>): void;
	createDeferred(): IDeferredPromise<IRun>;
	/** Unrecoverable: n8n deactivates the trigger and re-activates it with backoff. */
	fatal(error: Error): void;
	staticData: IDataObject;
	debug(message: string, meta?: Record<string, unknown>): void;
	info(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
}

/** Timings that are fixed in production and shortened by tests (through the node's constructor). */
export interface TriggerTuning {
	/** Longest wait in closeFunction for runs in flight (n8n's graceful shutdown allows 30 s). */
	drainCapMs: number;
	/** Delay before a deactivated trigger's slot is dropped (a re-activation in time cancels it). */
	slotDropGraceMs: number;
	healthIntervalMs: number;
	/** Longest wait for a run's outcome before it counts as timed out. */
	runTimeoutMs: number;
	snapshotChunkRows: number;
	/** How long activation waits for the stream to start before it goes on retrying in the background. */
	activationWaitMs: number;
	retryDelayMs?: (consecutiveFailures: number) => number;
}

export const DEFAULT_TUNING: TriggerTuning = {
	drainCapMs: 25_000,
	slotDropGraceMs: 10_000,
	healthIntervalMs: 60_000,
	runTimeoutMs: 3_600_000,
	snapshotChunkRows: 5_000,
	activationWaitMs: 15_000,
};

/** `target` (host:port/database) names the server in connection errors. */
export function triggerEnvironment(context: ITriggerFunctions, target: string): TriggerEnvironment {
	const node = context.getNode();
	const prefix = `[${node.name}] `;
	return {
		emit: (items, done) => context.emit([items], undefined, done),
		createDeferred: () => context.helpers.createDeferredPromise<IRun>(),
		fatal: (error) => context.emitError(triggerError(node, error, 'streaming', target)),
		staticData: context.getWorkflowStaticData('node'),
		debug: (message, meta) => context.logger.debug(prefix + message, meta),
		info: (message, meta) => context.logger.info(prefix + message, meta),
		warn: (message, meta) => context.logger.warn(prefix + message, meta),
	};
}

/**
 * The run timeout: the workflow's own execution timeout (seconds) when it has one, else one hour, like
 * n8n's Kafka trigger. A run without an outcome by then counts as timed out and its changes come again.
 */
export function runTimeoutFromSettings(context: ITriggerFunctions, fallbackMs: number): number {
	const seconds = Number(context.getWorkflowSettings().executionTimeout);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 + 60_000 : fallbackMs;
}
