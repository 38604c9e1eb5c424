import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SqlRow, SqlStatement } from '../../shared/redshift/connection/types';
import { describeConnectionError } from '../helpers/connectionErrors';
import { redactSecrets } from '../helpers/redact';
import { openRedshift } from '../transport/openConnection';

/** Runs one catalog query for the editor (lists, column mapping) and closes the connection. */
export async function catalogQuery(
	context: ILoadOptionsFunctions,
	statement: SqlStatement,
): Promise<SqlRow[]> {
	const opened = await openRedshift(context, 'n8n-redshift-editor');
	try {
		return (await opened.connection.query(statement)).rows;
	} catch (error) {
		throw new NodeOperationError(
			context.getNode(),
			redactSecrets(
				`Reading the Redshift catalog failed. ${describeConnectionError(error, opened.target, 'redshift')}`,
				opened.secrets,
			),
		);
	} finally {
		await opened.connection.close().catch(() => undefined);
	}
}

/** A resourceLocator or plain parameter's value as text. */
export function locatorValue(context: ILoadOptionsFunctions, name: string): string {
	const value = context.getNodeParameter(name, '', { extractValue: true });
	return typeof value === 'string' ? value.trim() : String(value ?? '').trim();
}
