export { readInitialSnapshot } from './initialSnapshot';
export type { InitialSnapshotOptions, SnapshotChunk, SnapshotColumn } from './initialSnapshot';
export { chunkSql, setTransactionSnapshotSql } from './snapshotSql';
export type { ChunkOrder } from './snapshotSql';
