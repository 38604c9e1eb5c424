import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';

import { readTriggerOptions, type CdcTriggerOptions } from '../options/triggerOptions';
import { readReplicationCredential, toConnectionOptions } from '../transport/connectionOptions';
import { createManualTrigger } from './manualTrigger';
import { startProductionTrigger } from './productionTrigger';
import { triggerError } from './triggerErrors';
import {
	runTimeoutFromSettings,
	triggerEnvironment,
	type TriggerTuning,
} from './triggerEnvironment';

function readOptions(context: ITriggerFunctions): CdcTriggerOptions {
	return readTriggerOptions((name, fallback) => context.getNodeParameter(name, fallback), {
		workflowId: String(context.getWorkflow().id ?? ''),
		nodeId: context.getNode().id,
	});
}

/** The node's trigger(): production streaming from the durable slot, or a manual test on a temporary one. */
export async function activateTrigger(
	context: ITriggerFunctions,
	tuning: TriggerTuning,
): Promise<ITriggerResponse> {
	const node = context.getNode();
	const manualMode = context.getMode() === 'manual';
	let target = 'PostgreSQL';
	const fail = (error: unknown) =>
		triggerError(node, error, manualMode ? 'manual' : 'activation', target);
	let options;
	let connection;
	try {
		options = readOptions(context);
		const credential = readReplicationCredential(
			await context.getCredentials('postgresReplicationApi'),
		);
		const workflowId = String(context.getWorkflow().id ?? 'unsaved');
		connection = toConnectionOptions(credential, `n8n-cdc ${workflowId}`.slice(0, 63));
		target = `${connection.host}:${connection.port}/${connection.database}`;
	} catch (error) {
		throw fail(error);
	}
	const env = triggerEnvironment(context, target);

	if (manualMode) {
		const manual = createManualTrigger(env, connection, options, tuning.runTimeoutMs);
		return {
			closeFunction: async () => await manual.close(),
			manualTriggerFunction: async () => {
				try {
					await manual.run();
				} catch (error) {
					await manual.close();
					throw fail(error);
				}
			},
		};
	}

	let running;
	try {
		running = await startProductionTrigger(env, connection, options, {
			...tuning,
			runTimeoutMs: runTimeoutFromSettings(context, tuning.runTimeoutMs),
		});
	} catch (error) {
		throw fail(error);
	}
	return {
		// Never throws: a failing close must not block deactivating the workflow. Nothing unfinished was
		// acknowledged, so whatever the failure, those changes come again on the next activation.
		closeFunction: async () => {
			await running
				.close()
				.catch((error: Error) =>
					env.warn(`Closing the trigger did not finish cleanly: ${error.message}`),
				);
		},
	};
}
