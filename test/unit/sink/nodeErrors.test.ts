import { NodeOperationError, type INode } from 'n8n-workflow';

import { toNodeError } from '../../../nodes/RedshiftSink/helpers/nodeErrors';
import { SettingsError } from '../../../nodes/RedshiftSink/helpers/settings';
import {
	DataApiTransactionTooLargeError,
	ItemValueError,
	LoadFailedError,
	LoadSetupError,
} from '../../../nodes/shared/loads';

const node: INode = {
	id: 'n',
	name: 'Redshift Sink',
	type: 'redshiftSink',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

describe('toNodeError', () => {
	it('keeps the item and column, adds the fix, and scrubs secrets', () => {
		const error = toNodeError(
			node,
			new ItemValueError(
				'Item 2: value "hunter2-secret" is not a number for "amount"',
				2,
				'amount',
			),
			{ secrets: ['hunter2-secret'], target: 'x' },
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Item 2: value "***" is not a number for "amount"');
		expect(error.context.itemIndex).toBe(2);
		expect(error.description).toMatch(/Correct the value of "amount"/);
	});

	it('maps an index within a group to the input item', () => {
		const error = toNodeError(
			node,
			new ItemValueError('Item 1: the key column "id" is empty', 1, 'id'),
			{ secrets: [], target: 'x', itemIndexOf: (index) => [4, 7][index] },
		);
		expect(error.message).toBe('Item 7: the key column "id" is empty');
		expect(error.context.itemIndex).toBe(7);
	});

	it('says what to do about a missing table and a refused login', () => {
		expect(
			toNodeError(
				node,
				new LoadSetupError(
					'The table "public"."t" does not exist. Create it first, or turn on creating the table when it is missing.',
				),
				{ secrets: [], target: 'x' },
			).description,
		).toBe('Create the table first, or turn on *Create Table If Missing*.');
		const login = toNodeError(
			node,
			Object.assign(new Error('password authentication failed for user "awsuser"'), {
				code: '28P01',
			}),
			{ secrets: [], target: 'h:5439/dev' },
		);
		expect(login.message).toBe(
			'Redshift refused the login at h:5439/dev: check the user and password of the Redshift credential.',
		);
	});

	it('names parameters by their display path in the fix, never by internal names', () => {
		const context = { secrets: [], target: 'x' };
		expect(
			toNodeError(node, new SettingsError('No region.', 'Copy Options > Bucket Region'), context)
				.description,
		).toBe('Fix *Copy Options > Bucket Region*.');
		const fixes = [
			new LoadSetupError('The table "public"."t" does not exist. Create it first.'),
			new LoadSetupError('Item 0: the field "x" has no column in "public"."t".'),
			Object.assign(
				new Error('Uploading s3://b/k failed: The specified bucket does not exist'),
				{},
			),
			Object.assign(new Error('Uploading s3://b/k failed: Access Denied'), {}),
			new LoadFailedError('Loading failed.', { table: 't', loadErrors: [{}] as never }),
			new DataApiTransactionTooLargeError('The load needs 41 statements.'),
		].map((error) => toNodeError(node, error, context).description ?? '');
		expect(fixes).toEqual([
			expect.stringContaining('*Create Table If Missing*'),
			expect.stringContaining('*Options > Ignore Extra Fields*'),
			expect.stringContaining('*S3 Bucket*'),
			expect.stringContaining('*Copy Options > S3 Prefix*'),
			expect.stringContaining('*Truncate Columns*'),
			'Use write mode *Copy*, a larger *Options > Batch Size*, or a direct connection.',
		]);
		for (const fix of fixes) expect(fix).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b(?!:)/);
	});
});
