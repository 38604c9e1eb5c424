import type {
	IExecuteFunctions,
	INodeExecutionData,
	IPairedItemData,
	NodeOperationError,
} from 'n8n-workflow';

import {
	errorLocation,
	requireCaseSensitiveIdentifiers,
	type LoadItem,
	type LoadResult,
} from '../../shared/loads';
import { quoteTable, type TableRef } from '../../shared/redshift/sql/identifiers';
import { changelogFailure, type TableFailure } from '../helpers/changelogFailure';
import { groupChangeEvents } from '../helpers/changeEvents';
import type { SinkRun } from '../helpers/interfaces';
import { mappedRows } from '../helpers/items';
import { toNodeError, type ErrorContext } from '../helpers/nodeErrors';
import { summaryJson } from '../helpers/output';
import { redactSecrets } from '../../common/helpers/redact';
import { readSettings, SettingsError } from '../helpers/settings';
import { openStaging, type OpenedStaging } from '../helpers/staging';
import { fitsOneDataApiTransaction } from '../helpers/transactionHooks';
import { openRedshift, type OpenedConnection } from '../../common/transport/openConnection';
import * as append from './append.operation';
import * as changelog from './changelog.operation';
import * as overwrite from './overwrite.operation';
import * as upsert from './upsert.operation';

const rowActions = { append, overwrite, upsert };

const firstItem = (item: INodeExecutionData) =>
	(item.pairedItem as IPairedItemData[])[0]?.item ?? 0;

const paired = (indexes: readonly number[]): IPairedItemData[] => indexes.map((item) => ({ item }));

function errorItem(error: NodeOperationError, indexes: readonly number[]): INodeExecutionData {
	return {
		json: {
			error: error.message,
			...(error.description ? { description: error.description } : {}),
			...(error.context.itemIndex !== undefined
				? { itemIndex: error.context.itemIndex as number }
				: {}),
		},
		error,
		pairedItem: paired(indexes),
	};
}

/**
 * Reads the settings, opens Redshift (and S3 for Copy), runs the table action once for all items
 * (once per target table for a changelog) and returns one summary item per load. Failures become
 * NodeOperationErrors naming the item, column and fix; with "continue on fail" they come out as
 * error items instead, and in insert mode the items that are fine still load.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	const all = items.map((_, index) => index);
	const errorContext: ErrorContext = { secrets: [], target: 'Redshift' };
	let opened: OpenedConnection | undefined;
	let staged: OpenedStaging | undefined;
	try {
		const settings = readSettings(this);
		opened = await openRedshift(this, 'n8n-redshift-sink');
		errorContext.secrets.push(...opened.secrets);
		errorContext.target = opened.target;
		if (settings.writeMode === 'copy') {
			staged = await openStaging(this, settings);
			errorContext.secrets.push(...staged.secrets);
		}
		const secrets = errorContext.secrets;
		const run: SinkRun = {
			settings,
			connection: opened.connection,
			staging: staged?.staging,
			signal: this.getExecutionCancelSignal?.(),
			log: (message) => this.logger.debug(redactSecrets(message, secrets)),
		};
		const transport = opened.transport;
		if (items.length === 0) return [[]];
		if (settings.caseSensitive) await requireCaseSensitiveIdentifiers(opened.connection);

		if (settings.tableAction === 'changelog') {
			const { groups } = groupChangeEvents(items, {
				table: settings.table,
				schemaOverride: settings.changelogSchema,
			});
			const output: INodeExecutionData[] = [];
			const failures: TableFailure[] = [];
			for (const group of groups) {
				try {
					const keys = changelog.keysFor(group, settings.tableKeys, settings.keys);
					const result = await changelog.execute(run, group.table, group.events, keys);
					output.push({
						json: summaryJson(result, settings, transport),
						pairedItem: paired(group.itemIndexes),
					});
				} catch (error) {
					// The other tables are still applied; the run fails below whatever the error setting.
					const nodeError = toNodeError(node, error, {
						...errorContext,
						itemIndexOf: (index) => group.itemIndexes[index] ?? index,
					});
					failures.push({
						table: quoteTable(group.table),
						error: nodeError,
						firstItem: group.itemIndexes[0] ?? 0,
					});
				}
			}
			if (failures.length > 0) throw changelogFailure(node, failures, groups.length);
			return [output];
		}

		const table = settings.table as TableRef;
		const rows = mappedRows(this, items);
		// Append and delete/truncate overwrite insert in groups of 40 statements; upsert and swap
		// overwrite run as one transaction, whose size the load checks itself.
		const groupedInserts =
			settings.tableAction === 'append' ||
			(settings.tableAction === 'overwrite' && settings.overwriteMethod !== 'swap');
		if (
			transport === 'dataApi' &&
			settings.writeMode === 'insert' &&
			groupedInserts &&
			(settings.hooks.before.length + settings.hooks.after.length > 0 ||
				(settings.tableAction === 'overwrite' && settings.overwriteMethod === 'delete')) &&
			!fitsOneDataApiTransaction(
				rows,
				settings.batchSize,
				settings.hooks.before.length + settings.hooks.after.length + 1,
			)
		) {
			throw new SettingsError(
				`${items.length} items need more INSERT statements than one Data API transaction holds (40), so the overwrite or the SQL before/after the load could not share one transaction: use write mode Copy, a larger batch size, or a direct connection.`,
				'writeMode',
			);
		}
		const action = rowActions[settings.tableAction as keyof typeof rowActions];
		if (settings.writeMode !== 'insert' || !this.continueOnFail()) {
			const result = await action.execute(run, table, rows);
			return [[{ json: summaryJson(result, settings, transport), pairedItem: paired(all) }]];
		}

		// Insert mode with "continue on fail": an item the core rejects (it names the item) is
		// set aside with its error and the load is tried again with the others.
		let remaining = all;
		const failed: INodeExecutionData[] = [];
		let result: LoadResult | undefined;
		while (remaining.length > 0) {
			try {
				result = await action.execute(
					run,
					table,
					remaining.map((index) => rows[index] as LoadItem),
				);
				break;
			} catch (error) {
				const at = errorLocation(error).itemIndex;
				const current = remaining;
				const nodeError = toNodeError(node, error, {
					...errorContext,
					itemIndexOf: (index) => current[index] ?? index,
				});
				if (at === undefined || current[at] === undefined) {
					// Not one item's fault: nothing was loaded, every remaining item failed with it.
					failed.push(...current.map((index) => errorItem(nodeError, [index])));
					remaining = [];
					break;
				}
				failed.push(errorItem(nodeError, [current[at]]));
				remaining = current.filter((_, position) => position !== at);
			}
		}
		const output = failed.sort((a, b) => firstItem(a) - firstItem(b));
		if (result) {
			output.push({
				json: summaryJson(result, settings, transport, { failedItems: failed.length }),
				pairedItem: paired(remaining),
			});
		}
		return [output];
	} catch (error) {
		const nodeError = toNodeError(node, error, errorContext);
		// A changelog run that failed must fail, so the trigger does not acknowledge its changes.
		if (!this.continueOnFail() || this.getNodeParameter('tableAction', 0) === 'changelog')
			throw nodeError;
		const at = nodeError.context.itemIndex as number | undefined;
		return [[errorItem(nodeError, at === undefined ? all : [at])]];
	} finally {
		staged?.close();
		await opened?.connection.close().catch(() => undefined);
	}
}
