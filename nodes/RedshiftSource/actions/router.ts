import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { openRedshift, type OpenedConnection } from '../../common/transport/openConnection';
import { quoteTable } from '../../shared/redshift/sql/identifiers';
import { toNodeError } from '../helpers/errors';
import { describeReadFailure, type ReadFailureContext } from '../helpers/readErrors';
import type { SourceRun } from '../helpers/readStatement';
import { readSettings } from '../helpers/settings';
import { openS3, type OpenedS3 } from '../helpers/s3Access';
import * as executeQuery from './executeQuery.operation';
import * as readTable from './readTable.operation';
import * as readUnloadedFile from './readUnloadedFile.operation';

const reads = { readTable, executeQuery };

/**
 * Reads the settings, opens Redshift (and S3 for Unload) and runs the operation once. Failures
 * become NodeOperationErrors whose description says what to change; with "continue on fail" one
 * error item comes out instead.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const secrets: string[] = [];
	const failure: ReadFailureContext = {
		operation: 'readTable',
		transport: 'wire',
		target: 'Redshift',
	};
	let opened: OpenedConnection | undefined;
	let s3: OpenedS3 | undefined;
	try {
		const settings = readSettings(this);
		failure.operation = settings.operation;
		if (settings.operation === 'readUnloadedFile') {
			s3 = await openS3(this);
			secrets.push(...s3.secrets);
			return [
				await readUnloadedFile.execute.call(this, {
					s3: s3.s3,
					pageSize: settings.pageSize,
					numbers: settings.numbers,
					maxRows: settings.maxRows,
					signal: this.getExecutionCancelSignal?.(),
				}),
			];
		}
		if (settings.tableRead) failure.table = quoteTable(settings.tableRead.table);
		opened = await openRedshift(this, 'n8n-redshift-source');
		secrets.push(...opened.secrets);
		failure.transport = opened.transport;
		failure.target = opened.target;
		if (settings.readMode === 'unload') {
			s3 = await openS3(this, settings.unload);
			secrets.push(...s3.secrets);
		}
		const run: SourceRun = {
			context: this,
			settings,
			connection: opened.connection,
			s3,
			signal: this.getExecutionCancelSignal?.(),
			name: settings.tableRead?.table.name ?? 'query',
		};
		return [await reads[settings.operation].execute(run)];
	} catch (error) {
		const nodeError = toNodeError(this.getNode(), error, secrets, (cause) =>
			describeReadFailure(cause, failure),
		);
		if (!this.continueOnFail()) throw nodeError;
		return [
			[
				{
					json: { error: nodeError.message, description: nodeError.description ?? undefined },
					error: nodeError,
					pairedItem: { item: 0 },
				},
			],
		];
	} finally {
		await opened?.connection.close().catch(() => undefined);
		s3?.s3.destroy();
	}
}
