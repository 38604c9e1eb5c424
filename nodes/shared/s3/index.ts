export * from './client';
export * from './deletePrefix';
export * from './url';
