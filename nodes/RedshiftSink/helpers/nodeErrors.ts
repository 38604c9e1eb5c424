import { NodeOperationError, type INode } from 'n8n-workflow';

import {
	DataApiTransactionTooLargeError,
	errorLocation,
	ItemValueError,
	LoadFailedError,
	LoadSetupError,
} from '../../shared/loads';
import { describeKnownConnectionError } from '../../common/helpers/connectionErrors';
import { redactSecrets } from '../../common/helpers/redact';
import { SettingsError } from './settings';

export interface ErrorContext {
	secrets: string[];
	/** Where the connection goes, for connection failures. */
	target: string;
	/** Maps an index the core reports (within a group) to the input item's index. */
	itemIndexOf?: (index: number) => number;
}

/**
 * What to do about an error, by its kind; shown as the error's description. Parameters are named
 * as the editor shows them (*Copy Options > Truncate Columns*), never by their internal names.
 */
function fixFor(error: unknown, message: string, column: string | undefined): string | undefined {
	if (error instanceof SettingsError) return `Fix *${error.parameter}*.`;
	if (error instanceof DataApiTransactionTooLargeError)
		return 'Use write mode *Copy*, a larger *Options > Batch Size*, or a direct connection.';
	if (/does not exist\. Create it first/.test(message))
		return 'Create the table first, or turn on *Create Table If Missing*.';
	if (/has no column in/.test(message))
		return 'Add the column to the table, map or remove the field, or turn on *Options > Ignore Extra Fields*.';
	if (error instanceof LoadFailedError && error.details.loadErrors?.length) {
		return `Correct the value${column ? ` of column "${column}"` : ''} in the named item, or relax the load in *Copy Options* (*Max Errors*, *Truncate Columns*, *Accept Invalid UTF-8*).`;
	}
	if (error instanceof ItemValueError)
		return `Correct the value${column ? ` of "${column}"` : ''} in that item, or change the column's type.`;
	if (error instanceof LoadSetupError)
		return column ? `Check the column "${column}" and the node's parameters.` : undefined;
	if (/^Uploading s3:\/\/.* failed: /.test(message)) {
		if (/specified bucket does not exist/i.test(message))
			return 'Check *S3 Bucket*, and the region and custom endpoint of the S3 staging credential.';
		if (/access key|security token|signature|credential/i.test(message))
			return 'Check the access keys of the S3 staging credential; its credential test tells whether they can list the bucket.';
		if (/access denied|forbidden/i.test(message))
			return 'Allow the S3 staging credential to write, list and delete under *Copy Options > S3 Prefix* (s3:PutObject, s3:ListBucket, s3:DeleteObject).';
	}
	if (/connection to Redshift was lost/i.test(message))
		return 'Check the table, then run the load again.';
	return undefined;
}

/**
 * Any failure of a run as a NodeOperationError: the message says what failed (the core's message
 * names the item and column where it knows them), the description what to do, `itemIndex` points
 * at the input item. Secrets of the credentials are scrubbed, whatever their source.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	context: ErrorContext,
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	let message =
		describeKnownConnectionError(error, context.target, 'redshift') ??
		(error as { message?: string } | null)?.message ??
		String(error);
	const location = errorLocation(error);
	const itemIndex =
		location.itemIndex === undefined
			? undefined
			: (context.itemIndexOf?.(location.itemIndex) ?? location.itemIndex);
	if (itemIndex !== undefined && location.itemIndex !== itemIndex) {
		// The core counted within a group of items; name the input item instead.
		message = message.replace(
			new RegExp(`\\b[Ii]tem ${location.itemIndex}\\b`, 'g'),
			(found) => `${found[0]}tem ${itemIndex}`,
		);
	}
	const fix = fixFor(error, message, location.column);
	return new NodeOperationError(node, redactSecrets(message, context.secrets), {
		...(itemIndex !== undefined ? { itemIndex } : {}),
		...(fix ? { description: redactSecrets(fix, context.secrets) } : {}),
	});
}
