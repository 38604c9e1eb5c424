import { NodeOperationError, type INode } from 'n8n-workflow';

import { redactSecrets } from '../../common/helpers/redact';

/**
 * A failure the user fixes in the node: `fix` says what to do, naming parameters by the path
 * users see (e.g. *Options > Max Rows*).
 */
export class SourceError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'SourceError';
	}
}

/** Any failure as a NodeOperationError whose description is the fix; secrets scrubbed from both. */
export function toNodeError(
	node: INode,
	error: unknown,
	secrets: readonly string[],
	describe: (error: unknown) => { message: string; fix?: string },
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const { message, fix } =
		error instanceof SourceError ? { message: error.message, fix: error.fix } : describe(error);
	return new NodeOperationError(node, redactSecrets(message, secrets), {
		description: fix ? redactSecrets(fix, secrets) : undefined,
		itemIndex: 0,
	});
}
