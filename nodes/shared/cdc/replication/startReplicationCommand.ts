import { formatLsn } from '../pgoutput/lsn';
import type { Lsn } from '../pgoutput/messages';
import { quoteIdentifier, quoteLiteral } from './sqlText';

export interface StartReplicationCommand {
	slotName: string;
	publicationNames: string[];
	/** 0n = from the slot's confirmed_flush_lsn. */
	startLsn: Lsn;
	messages: boolean;
}

/**
 * START_REPLICATION for pgoutput protocol version 1. `publication_names` is one string literal
 * holding a comma-separated list of (quoted) publication names.
 */
export function startReplicationSql(command: StartReplicationCommand): string {
	if (command.publicationNames.length === 0) {
		throw new Error('START_REPLICATION needs at least one publication name.');
	}
	const publications = command.publicationNames.map(quoteIdentifier).join(',');
	const options = [`proto_version '1'`, `publication_names ${quoteLiteral(publications)}`];
	if (command.messages) options.push(`messages 'true'`);
	return `START_REPLICATION SLOT ${quoteIdentifier(command.slotName)} LOGICAL ${formatLsn(command.startLsn)} (${options.join(', ')})`;
}

/**
 * A TEMPORARY pgoutput slot: it lives only as long as this connection, so streaming must follow on
 * the same connection. Used to watch the next changes (editor's manual mode) without touching the
 * production slot. PG 15+ takes the option list; PG 14 only the older keyword.
 */
export function createTemporarySlotSql(slotName: string, major: number): string {
	const base = `CREATE_REPLICATION_SLOT ${quoteIdentifier(slotName)} TEMPORARY LOGICAL pgoutput`;
	return major >= 15 ? `${base} (SNAPSHOT 'nothing')` : `${base} NOEXPORT_SNAPSHOT`;
}
