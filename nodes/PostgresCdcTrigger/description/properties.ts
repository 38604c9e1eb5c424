import type { INodeProperties } from 'n8n-workflow';

import { triggerOptionsCollection } from './options';

/**
 * The trigger's parameters: what to capture, where to start and how to cut runs up front, everything
 * else under Options. `options/triggerOptions.ts` turns their values into a typed `CdcTriggerOptions`.
 */
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
		displayName: 'Schema',
		name: 'schema',
		type: 'resourceLocator',
		default: { mode: 'list', value: 'public' },
		required: true,
		displayOptions: { show: { capture: ['schema'] } },
		description: 'The schema whose tables are captured',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'schemaSearch', searchable: true },
			},
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: 'e.g. public' },
		],
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
					'A run when Max Rows changes are collected or Options > Max Wait has passed since the first one',
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
	triggerOptionsCollection,
];
