import type { INodeProperties } from 'n8n-workflow';

const EXECUTE_QUERY = { show: { operation: ['executeQuery'] } };

export const executeQueryProperties: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		typeOptions: { editor: 'sqlEditor', sqlDialect: 'PostgreSQL' },
		noDataExpression: false,
		default: '',
		required: true,
		placeholder: 'e.g. SELECT id, total FROM sales.orders WHERE created_at >= $1',
		description:
			'One SELECT statement. Use $1, $2, … for values and give them in Query Parameters, rather than writing values into the SQL.',
		displayOptions: EXECUTE_QUERY,
	},
	{
		displayName: 'Query Parameters',
		name: 'queryParameters',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2024-01-01, EU',
		description:
			'Values for $1, $2, … separated by commas, or an expression that returns an array (for values that contain commas)',
		displayOptions: EXECUTE_QUERY,
	},
];
