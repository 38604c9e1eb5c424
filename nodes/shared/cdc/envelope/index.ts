export {
	TransactionAssembler,
	type AssembledTransaction,
	type AssemblerOptions,
} from './assembler';
export { RelationCache, type SerializedRelationCache } from './relationCache';
export { RelationKeys, type RelationFacts, type RelationFactsLookup } from './relationKeys';
export { stampIdentity } from './sourceIdentity';
export {
	snapshotReadEvent,
	textRowToCdcRow,
	type SnapshotRow,
	type TextColumn,
} from './snapshotEvent';
export type { SourceIdentity } from './types';
