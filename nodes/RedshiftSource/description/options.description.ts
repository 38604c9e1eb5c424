import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_PAGE_SIZE = 10_000;
export const DEFAULT_MAX_ROWS = 100_000;

/** Options of the two reads (not of Read Unloaded File). */
const READS = { show: { '/operation': ['readTable', 'executeQuery'] } };

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Columns to Return',
			name: 'outputColumns',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getColumns', loadOptionsDependsOn: ['table.value'] },
			default: [],
			description:
				'Columns to read; none chosen reads every column. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: { show: { '/operation': ['readTable'] } },
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. orders.csv',
			description: 'Name of the binary file; empty names it after the table or "query"',
			displayOptions: { show: { '/output': ['binaryFile'] } },
		},
		{
			displayName: 'Incremental: Cursor Column',
			name: 'cursorColumn',
			type: 'string',
			displayOptions: READS,
			default: '',
			placeholder: 'e.g. updated_at',
			description:
				'Read only rows whose value in this column is at or past the last value read by this node in an earlier production run (remembered per workflow and node). Empty reads everything. Rows with a NULL cursor are never read.',
		},
		{
			displayName: 'Incremental: Key Columns',
			name: 'keyColumns',
			type: 'string',
			displayOptions: READS,
			default: '',
			placeholder: 'e.g. order_id, line_no',
			description:
				'Columns, separated by commas, that identify a row. With them, rows that share the last cursor value are read again and the ones already returned are dropped, so rows committed later with the same value are not lost. Without them only rows strictly past the last value are read.',
		},
		{
			displayName: 'Incremental: Reset State',
			name: 'resetIncrementalState',
			type: 'boolean',
			displayOptions: READS,
			default: false,
			description:
				'Whether to forget the remembered cursor and read from the start. Turn it off again after one run.',
		},
		{
			displayName: 'Incremental: Start Value',
			name: 'cursorStartValue',
			type: 'string',
			displayOptions: READS,
			default: '',
			placeholder: 'e.g. 2024-01-01 00:00:00',
			description:
				'Where the first run starts (rows at or past this value) when nothing is remembered yet, or after a reset',
		},
		{
			displayName: 'Max Rows',
			name: 'maxRows',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: DEFAULT_MAX_ROWS,
			description:
				'Fail, before reading everything, when the result has more rows than this: n8n keeps all items of a run in memory. For larger results use Output Binary File, or Read Mode Unload with Output Unloaded Files.',
			displayOptions: { hide: { '/output': ['unloadedFiles', 'binaryFile'] } },
		},
		{
			displayName: 'Numbers',
			name: 'numbers',
			type: 'options',
			options: [
				{
					name: 'Exact Text for BIGINT and NUMERIC',
					value: 'text',
					description: 'BIGINT and NUMERIC values as strings, so no digit is lost',
				},
				{
					name: 'Native Numbers Where Exact',
					value: 'native',
					description:
						'Numbers as JSON numbers when they fit exactly (up to 2^53), as strings otherwise',
				},
			],
			default: 'text',
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1_000_000 },
			default: DEFAULT_PAGE_SIZE,
			description:
				'Rows fetched per round trip (wire cursor FETCH or Data API pages) or per page of an unloaded file',
		},
	],
};
