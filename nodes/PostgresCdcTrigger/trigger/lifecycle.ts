import type { ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readTriggerOptions, type CdcTriggerOptions } from '../options/triggerOptions';
import { readReplicationCredential, toConnectionOptions } from '../transport/connectionOptions';
import { createManualTrigger } from './manualTrigger';
import { startProductionTrigger } from './productionTrigger';
import {
	runTimeoutFromSettings,
	triggerEnvironment,
	type TriggerTuning,
} from './triggerEnvironment';

function readOptions(context: ITriggerFunctions): CdcTriggerOptions {
	const node = context.getNode();
	try {
		return readTriggerOptions((name, fallback) => context.getNodeParameter(name, fallback), {
			workflowId: String(context.getWorkflow().id ?? ''),
			nodeId: node.id,
		});
	} catch (error) {
		throw new NodeOperationError(node, error as Error);
	}
}

/** The node's trigger(): production streaming from the durable slot, or a manual test on a temporary one. */
export async function activateTrigger(
	context: ITriggerFunctions,
	tuning: TriggerTuning,
): Promise<ITriggerResponse> {
	const node = context.getNode();
	const options = readOptions(context);
	const credential = readReplicationCredential(
		await context.getCredentials('postgresReplicationApi'),
	);
	const workflowId = String(context.getWorkflow().id ?? 'unsaved');
	const connection = toConnectionOptions(credential, `n8n-cdc ${workflowId}`.slice(0, 63));
	const env = triggerEnvironment(context);

	if (context.getMode() === 'manual') {
		const manual = createManualTrigger(env, connection, options);
		return {
			closeFunction: async () => await manual.close(),
			manualTriggerFunction: async () => {
				try {
					await manual.run();
				} catch (error) {
					await manual.close();
					throw new NodeOperationError(node, error as Error);
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
		throw new NodeOperationError(node, error as Error);
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
