/** The change event itself is the trigger-Sink contract: see ../changeEvent. */
export type { CdcEvent, CdcOperation, CdcRow, CdcSource } from '../changeEvent';

/** The server a position belongs to (IDENTIFY_SYSTEM's systemid and timeline). */
export interface SourceIdentity {
	systemId: string;
	timeline: number;
}
