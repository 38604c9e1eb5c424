import { createHash } from 'node:crypto';

/** PostgreSQL's limit for names (NAMEDATALEN - 1) and its rule for slot names. */
const MAX_NAME_BYTES = 63;
const SLOT_NAME = /^[a-z0-9_]+$/;

/**
 * A slot name that stays the same for one trigger node in one workflow: readable parts of both ids
 * plus a hash of the exact pair, so different nodes never share a slot, within 63 bytes.
 */
export function defaultSlotName(workflowId: string, nodeId: string): string {
	const hash = createHash('sha256')
		.update(`${workflowId}\u0000${nodeId}`)
		.digest('hex')
		.slice(0, 12);
	const readable = (text: string, length: number) =>
		text
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '')
			.slice(0, length);
	const parts = ['n8n_cdc', readable(workflowId, 20), readable(nodeId, 12), hash].filter(
		(part) => part.length > 0,
	);
	return parts.join('_').slice(0, MAX_NAME_BYTES);
}

/** Throws a message a person can act on when `name` cannot be a replication slot name. */
export function assertValidSlotName(name: string): void {
	if (!SLOT_NAME.test(name) || Buffer.byteLength(name) > MAX_NAME_BYTES) {
		throw new Error(
			`"${name}" is not a valid replication slot name: use only lower-case letters, digits and underscores, at most ${MAX_NAME_BYTES} characters.`,
		);
	}
}
