export * from './append';
export * from './errors';
export * from './overwrite';
export * from './targetTable';
export * from './types';
export * from './upsert';
