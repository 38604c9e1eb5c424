import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { redactSecrets } from '../../common/helpers/redact';
import { openRedshift, type OpenedConnection } from '../../common/transport/openConnection';
import { requireCaseSensitiveIdentifiers } from '../../shared/loads';
import type { ToNodeError } from '../helpers/continueOnFail';
import { loadWarningHints, slotHealthHints } from '../helpers/executionHints';
import type { SinkOperation, SinkRun } from '../helpers/interfaces';
import { toNodeError, type ErrorContext } from '../helpers/nodeErrors';
import { errorItem } from '../helpers/output';
import { readSettings } from '../helpers/settings';
import { openStaging, type OpenedStaging } from '../helpers/staging';
import * as append from './append.operation';
import * as changelog from './changelog.operation';
import * as overwrite from './overwrite.operation';
import * as upsert from './upsert.operation';

const operations = { append, overwrite, upsert, changelog };

/**
 * Reads the settings, opens Redshift (and S3 for Copy), runs the operation once for all items (once
 * per target table for a changelog) and closes them again. Failures become NodeOperationErrors
 * naming the item, column and fix; with "continue on fail" they come out as error items instead.
 * Warnings (the loads', the replication slot's) are shown as execution hints.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const errors: ErrorContext = { secrets: [], target: 'Redshift' };
	const toError: ToNodeError = (error, itemIndexOf) =>
		toNodeError(node, error, { ...errors, itemIndexOf });
	let operation: SinkOperation | undefined;
	let opened: OpenedConnection | undefined;
	let staged: OpenedStaging | undefined;
	try {
		const slotHints = slotHealthHints(items);
		if (slotHints.length > 0) this.addExecutionHints(...slotHints);
		const settings = readSettings(this);
		operation = settings.operation;
		opened = await openRedshift(this, 'n8n-redshift-sink');
		errors.secrets.push(...opened.secrets);
		errors.target = opened.target;
		if (settings.writeMode === 'copy') {
			staged = await openStaging(this, settings);
			errors.secrets.push(...staged.secrets);
		}
		if (items.length === 0) return [[]];
		const run: SinkRun = {
			settings,
			connection: opened.connection,
			staging: staged?.staging,
			signal: this.getExecutionCancelSignal?.(),
			log: (message) => this.logger.debug(redactSecrets(message, errors.secrets)),
		};
		if (settings.caseSensitive) await requireCaseSensitiveIdentifiers(run.connection);
		const outcome = await operations[operation].execute(this, run, items, toError);
		const loadHints = loadWarningHints(outcome.results);
		if (loadHints.length > 0) this.addExecutionHints(...loadHints);
		return [outcome.items];
	} catch (error) {
		const nodeError = toNodeError(node, error, errors);
		// A changelog run that failed must fail, so the trigger does not acknowledge its changes.
		operation ??= this.getNodeParameter('operation', 0, '') as SinkOperation;
		if (!this.continueOnFail() || operation === 'changelog') throw nodeError;
		const at = nodeError.context.itemIndex as number | undefined;
		return [[errorItem(nodeError, at === undefined ? items.map((_, index) => index) : [at])]];
	} finally {
		staged?.close();
		await opened?.connection.close().catch(() => undefined);
	}
}
