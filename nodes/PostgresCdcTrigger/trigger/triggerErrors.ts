import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeKnownConnectionError } from '../../common/helpers/connectionErrors';
import { fixOf } from './activationFixes';

const CONNECTION_FIX =
	'Check Host, Port, Database, User and Password in the Postgres Replication credential; its Test button checks everything logical replication needs.';

/** What the trigger was doing when it failed: the description of its error says what to do next. */
export type TriggerPhase = 'activation' | 'manual' | 'streaming';

const NEXT_STEP: Record<TriggerPhase, string> = {
	activation:
		'Fix what the message names, then publish the workflow again. Nothing was acknowledged, so no change is lost: the slot keeps every change since the last successful run.',
	manual:
		'Fix what the message names, then click *Listen for event* again. The test used a temporary slot; the production slot was not touched.',
	streaming:
		'n8n restarts the trigger by itself. Nothing after the last successful run was acknowledged, so those changes come again; if the error repeats, fix what the message names.',
};

/**
 * The error n8n shows for a trigger failure: the message says what failed, the description what to
 * do, naming parameters as the editor shows them. Credentials never appear: connection failures are
 * described in the shared connection words (from the error's code and the server's message).
 */
export function triggerError(
	node: INode,
	error: unknown,
	phase: TriggerPhase,
	target: string,
): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const failure = error instanceof Error ? error : new Error(String(error));
	const described = describeKnownConnectionError(failure, target, 'postgres');
	if (described) return new NodeOperationError(node, described, { description: CONNECTION_FIX });
	// A settings error or a failed activation step says where in the node to act.
	const fix = fixOf(failure);
	return new NodeOperationError(node, failure.message, {
		description: fix ?? NEXT_STEP[phase],
	});
}
