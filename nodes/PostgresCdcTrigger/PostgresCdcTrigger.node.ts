import type {
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { cdcTriggerProperties } from './description/properties';
import { getTables, postgresReplicationConnectionTest, schemaSearch } from './methods';
import { activateTrigger } from './trigger/lifecycle';
import { DEFAULT_TUNING, type TriggerTuning } from './trigger/triggerEnvironment';

/**
 * Starts a workflow run per batch of changes from PostgreSQL logical replication (pgoutput) on a
 * durable slot. A position is acknowledged to Postgres only after the run that carried it succeeded.
 */
export class PostgresCdcTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Postgres CDC Trigger',
		name: 'postgresCdcTrigger',
		icon: { light: 'file:postgresCdc.svg', dark: 'file:postgresCdc.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{$parameter["capture"] === "schema" ? "Schema " + $parameter["schema"].value : "Tables"}}',
		description:
			'Starts the workflow when rows change in PostgreSQL (logical replication, nothing lost across restarts)',
		eventTriggerDescription: 'Waiting for changes in PostgreSQL',
		defaults: { name: 'Postgres CDC Trigger' },
		// Declared on purpose: a trigger cannot be called as an AI tool (n8n's lint forbids `true` on triggers).
		usableAsTool: undefined,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'postgresReplicationApi',
				required: true,
				testedBy: 'postgresReplicationConnectionTest',
			},
		],
		triggerPanel: {
			header: 'Listens for row changes through a durable replication slot',
			executionsHelp: {
				inactive:
					'<b>While building your workflow</b>, click the "Listen for event" button, then change a row in a captured table. The next changes are shown from a temporary slot; the production slot is not touched.<br /><br /><b>Once you are happy with your workflow</b>, publish it. Each batch of changes then starts a run, and its position is acknowledged once the run succeeded.',
				active:
					'<b>While building your workflow</b>, click the "Listen for event" button, then change a row in a captured table. The next changes are shown from a temporary slot; the production slot is not touched.<br /><br /><b>Your workflow is active</b>: each batch of changes starts a run, and its position is acknowledged once the run succeeded.',
			},
			activationHint:
				'Once you have finished building your workflow, publish it to stream changes continuously.',
		},
		properties: cdcTriggerProperties,
	};

	methods = {
		credentialTest: { postgresReplicationConnectionTest },
		loadOptions: { getTables },
		listSearch: { schemaSearch },
	};

	/** n8n calls it with `this` bound to its trigger context. */
	trigger: (this: ITriggerFunctions) => Promise<ITriggerResponse>;

	/** n8n constructs the node without arguments; tests pass shorter timings (drain cap, slot-drop grace…). */
	constructor(tuning: TriggerTuning = DEFAULT_TUNING) {
		this.trigger = async function (this: ITriggerFunctions): Promise<ITriggerResponse> {
			return await activateTrigger(this, tuning);
		};
	}
}
