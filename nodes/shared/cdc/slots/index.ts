export * from './tables';
export * from './slotName';
export * from './publicationSql';
export * from './publication';
export * from './replicationSlot';
export * from './preflight';
export * from './slotHealth';
export * from './heartbeat';
