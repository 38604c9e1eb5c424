export { postgresReplicationConnectionTest } from './credentialTest';
export { schemaSearch } from './listSearch';
export { getTables } from './loadOptions';
