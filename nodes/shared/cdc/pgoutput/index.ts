export * from './messages';
export { decodePgoutput } from './decode';
export { PgoutputDecodeError } from './bufferReader';
export { formatLsn, parseLsn } from './lsn';
