export * from './types';
export { ReplicationStream } from './replicationStream';
export { backoffDelayMs, DEFAULT_BACKOFF } from './backoff';
export {
	encodeStandbyStatus,
	parseReplicationFrame,
	postgresMicros,
	dateFromPostgresMicros,
} from './framing';
export type { ReplicationFrame } from './framing';
export {
	clientConfig,
	connectReplication,
	connectSql,
	identifyServer,
	identifySystem,
	replicationClientConfig,
	serverMajor,
} from './replicationConnection';
export type { SystemIdentity } from './replicationConnection';
export { describeReplicationError, isRetryableReplicationError, isSlotBusyError } from './errors';
export { quoteIdentifier, quoteLiteral, qualifiedName } from './sqlText';
export { createTemporarySlotSql, startReplicationSql } from './startReplicationCommand';
