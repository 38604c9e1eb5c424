import type { INodeProperties } from 'n8n-workflow';

/**
 * The trigger's advanced settings. Each default here is the value the trigger uses when the option is
 * not added: the settings reader takes its fallbacks from this list, so the two cannot drift apart.
 */
export const triggerOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Acknowledge',
			name: 'acknowledge',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'After the Run Finishes',
					value: 'afterCompletion',
					description: 'Also when the run failed: failed changes are not sent again',
				},
				{
					name: 'After the Run Succeeds',
					value: 'afterSuccess',
					description: 'A failed run is sent again: nothing is lost (at-least-once)',
				},
				{
					name: 'Immediately',
					value: 'immediately',
					description:
						'When the run starts: fastest, but a crash or failed run loses those changes',
				},
			],
			default: 'afterSuccess',
			description: 'When the replication slot may forget a batch of changes',
		},
		{
			displayName: 'Drop Slot When Deactivated',
			name: 'dropSlotOnDeactivate',
			type: 'boolean',
			default: false,
			description:
				'Whether to drop the replication slot 10 seconds after the workflow is deactivated (never on n8n shutdown or when the workflow is re-published). Dropping forgets the position: changes made while the workflow is inactive are lost, and the next activation starts again (with a new snapshot if chosen). Leave it off unless you are removing this pipeline, and with several n8n main instances (multi-main).',
		},
		{
			displayName: 'Heartbeat Interval',
			name: 'heartbeatSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 60,
			description:
				'Seconds between tiny logical messages written so the slot can advance while the captured tables are idle. 0 turns it off.',
		},
		{
			displayName: 'Include Before Images',
			name: 'beforeImages',
			type: 'boolean',
			default: false,
			description:
				'Whether updates and deletes carry the whole old row. Needs <code>ALTER TABLE … REPLICA IDENTITY FULL</code> on every captured table; activation fails and names the tables that lack it.',
		},
		{
			displayName: 'Max Runs in Flight',
			name: 'maxRunsInFlight',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description:
				'How many runs may execute at once. 1 keeps strict order; more is faster but runs may finish out of order.',
		},
		{
			displayName: 'Max Wait',
			name: 'maxWaitMs',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 1000,
			description:
				'Milliseconds the first change of a run waits for more before the run starts (batching by rows and wait time)',
			displayOptions: { show: { '/batching': ['rows'] } },
		},
		{
			displayName: 'Publication',
			name: 'publicationMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Create and Keep Up to Date',
					value: 'manage',
					description:
						'Create the publication if missing and align its tables and operations on every activation',
				},
				{
					name: 'Use Existing',
					value: 'existing',
					description:
						'Use the publication named in Publication Name, which a database administrator created; it is never changed',
				},
			],
			default: 'manage',
		},
		{
			displayName: 'Publication Name',
			name: 'publicationName',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n_cdc_orders',
			description:
				'Name of the publication. Empty (only when the node creates it) uses a name derived from the workflow and node, the same on every activation.',
		},
		{
			displayName: 'Slot Lag Warning',
			name: 'slotLagWarningMb',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1024,
			description:
				"Megabytes of WAL the slot may hold back before a warning goes to the n8n log and to each item's slotHealth",
		},
		{
			displayName: 'Slot Name',
			name: 'slotName',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n_cdc_orders',
			description:
				'Name of the durable replication slot that remembers what was acknowledged. Empty uses a name derived from the workflow and node, the same on every activation. Lowercase letters, digits and underscores only.',
		},
		{
			displayName: 'Value Types',
			name: 'valueTypes',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Native',
					value: 'native',
					description:
						'Numbers that fit exactly, booleans, arrays and ISO timestamps as JavaScript values; JSON and anything that would lose precision stay text',
				},
				{
					name: 'Postgres Text Form',
					value: 'text',
					description: 'Exact: numeric and int8 stay strings, timestamps keep microseconds',
				},
			],
			default: 'text',
		},
	],
};
