import type { INodeProperties } from 'n8n-workflow';

/** The trigger's parameters. Their values become a typed `CdcTriggerOptions` in `options.ts`. */
export const cdcTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Capture',
		name: 'capture',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'All Tables in a Schema',
				value: 'schema',
				description:
					'Every table of one schema, including tables created later (when the publication is kept up to date)',
			},
			{
				name: 'Selected Tables',
				value: 'tables',
				description: 'Only the tables picked below',
			},
		],
		default: 'tables',
	},
	{
		displayName: 'Table Names or IDs',
		name: 'tables',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getTables' },
		displayOptions: { show: { capture: ['tables'] } },
		default: [],
		required: true,
		description:
			'The tables whose changes start the workflow. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Schema Name or ID',
		name: 'schema',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSchemas' },
		displayOptions: { show: { capture: ['schema'] } },
		default: 'public',
		description:
			'The schema whose tables are captured. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Operations',
		name: 'operations',
		type: 'multiOptions',
		options: [
			{ name: 'Delete', value: 'delete' },
			{ name: 'Insert', value: 'insert' },
			{ name: 'Truncate', value: 'truncate' },
			{ name: 'Update', value: 'update' },
		],
		default: ['insert', 'update', 'delete', 'truncate'],
		description: 'The kinds of change that start the workflow',
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
				description: 'Use a publication a database administrator created; it is never changed',
			},
		],
		default: 'manage',
	},
	{
		displayName: 'Publication Name',
		name: 'publicationName',
		type: 'string',
		default: '',
		placeholder: 'n8n_cdc_orders',
		description:
			'Name of the publication. Empty uses a name derived from the workflow and node, the same on every activation.',
		displayOptions: { show: { publicationMode: ['manage'] } },
	},
	{
		displayName: 'Publication Name',
		name: 'existingPublicationName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'my_publication',
		description: 'Name of the existing publication to stream',
		displayOptions: { show: { publicationMode: ['existing'] } },
	},
	{
		displayName: 'Replication Slot Name',
		name: 'slotName',
		type: 'string',
		default: '',
		placeholder: 'n8n_cdc_orders',
		description:
			'Name of the durable replication slot that remembers what was acknowledged. Empty uses a name derived from the workflow and node, the same on every activation. Lowercase letters, digits and underscores only.',
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Changes From Now',
				value: 'now',
				description:
					'Create the slot at the current position on first activation; later activations continue where the slot stopped',
			},
			{
				name: 'Initial Snapshot, Then Changes',
				value: 'snapshot',
				description:
					'On first activation read the existing rows (as op "r", then one op "snapshotEnd" per table) from the slot\'s consistent snapshot, then stream changes with no gap and no duplicate. A failed snapshot run is sent again with growing waits; the snapshot goes on from it.',
			},
			{
				name: 'Resume From the Slot',
				value: 'resume',
				description: 'The slot must already exist; fail when it is missing instead of creating one',
			},
		],
		default: 'now',
	},
	{
		displayName: 'Batching',
		name: 'batching',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'By Rows and Wait Time',
				value: 'rows',
				description:
					'A run when Max Rows changes are collected or Max Wait has passed since the first one',
			},
			{
				name: 'One Run per Transaction',
				value: 'transaction',
				description: 'Each committed transaction is one run, never split, however large',
			},
		],
		default: 'rows',
	},
	{
		displayName: 'Max Rows',
		name: 'maxRows',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 100,
		description: 'Most changes in one run (also groups initial-snapshot rows in transaction mode)',
	},
	{
		displayName: 'Max Wait (Ms)',
		name: 'maxWaitMs',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1000,
		description: 'How long the first change of a run waits for more before the run starts',
		displayOptions: { show: { batching: ['rows'] } },
	},
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
				description: 'When the run starts: fastest, but a crash or failed run loses those changes',
			},
		],
		default: 'afterSuccess',
		description: 'When the replication slot may forget a batch of changes',
	},
	{
		displayName: 'Include Before Images',
		name: 'beforeImages',
		type: 'boolean',
		default: false,
		description:
			'Whether updates and deletes carry the whole old row. Needs REPLICA IDENTITY FULL on each table; without it only key columns are known.',
	},
	{
		displayName:
			'Before images need <code>ALTER TABLE … REPLICA IDENTITY FULL</code> on every captured table. Activation fails and names the tables that lack it.',
		name: 'beforeImagesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { beforeImages: [true] } },
	},
	{
		displayName: 'Value Types',
		name: 'valueTypes',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Postgres Text Form',
				value: 'text',
				description: 'Exact: numeric and int8 stay strings, timestamps keep microseconds',
			},
			{
				name: 'Native',
				value: 'native',
				description:
					'Numbers that fit exactly, booleans, arrays and ISO timestamps as JavaScript values; JSON and anything that would lose precision stay text',
			},
		],
		default: 'text',
	},
	{
		displayName: 'Drop Slot When Deactivated',
		name: 'dropSlotOnDeactivate',
		type: 'boolean',
		default: false,
		description:
			'Whether to drop the replication slot when the workflow is deactivated (not on n8n shutdown or restart)',
	},
	{
		displayName:
			'Dropping the slot forgets the position: changes made while the workflow is inactive are lost, and the next activation starts again (with a new snapshot if chosen). The slot is dropped 10 seconds after deactivation, never on n8n shutdown or when the workflow is re-published. Leave it off unless you are removing this pipeline, and with several n8n main instances (multi-main).',
		name: 'dropSlotNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { dropSlotOnDeactivate: [true] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Heartbeat Interval (Seconds)',
				name: 'heartbeatSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 60,
				description:
					'How often a tiny logical message is written so the slot can advance while the captured tables are idle. 0 turns it off.',
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
				displayName: 'Slot Lag Warning (MB)',
				name: 'slotLagWarningMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1024,
				description:
					"Warn in the n8n log and in each item's $meta when the slot holds back more WAL than this",
			},
		],
	},
];
