export { postgresReplicationConnectionTest } from './credentialTest';
export { getSchemas, getTables } from './loadOptions';
