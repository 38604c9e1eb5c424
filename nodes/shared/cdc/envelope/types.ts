/** The server a position belongs to (IDENTIFY_SYSTEM's systemid and timeline). */
export interface SourceIdentity {
	systemId: string;
	timeline: number;
}
