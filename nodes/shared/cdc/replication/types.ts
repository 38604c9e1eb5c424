import type { Lsn } from '../pgoutput/messages';

/** One XLogData frame from the walsender. */
export interface WalData {
	/** Start of this WAL data. */
	walStart: Lsn;
	/** Server's current end of WAL. */
	walEnd: Lsn;
	serverTime: bigint;
	data: Buffer;
}

/** Connection details for a replication connection (`replication=database`). */
export interface ReplicationConnectionOptions {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	ssl?: false | { rejectUnauthorized: boolean; ca?: string };
}
