export * from './values';
export * from './readDirect';
export * from './unloadRead';
export { inlineParameters } from './inlineParameters';
export { parseUnloadManifest } from './unloadManifest';
export { mergeConcurrently } from './mergeConcurrently';
