import type { CdcSource } from '../changeEvent';
import type { SourceIdentity } from './types';

/**
 * Records which server a position belongs to. The same two values (one shared string) go on every
 * event of a session: no per-event lookup.
 */
export function stampIdentity(source: CdcSource, identity: SourceIdentity | undefined): void {
	if (identity === undefined) return;
	source.systemId = identity.systemId;
	source.timeline = identity.timeline;
}
