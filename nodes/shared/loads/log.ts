import { redactCopy } from '../redshift/sql/redact';
import type { LoadLog } from './types';

/** A logger that never lets credentials through: every message passes redactCopy first. */
export function redactingLog(log: LoadLog | undefined): LoadLog {
	if (!log) return () => undefined;
	return (message) => {
		try {
			log(redactCopy(message));
		} catch {
			// A failing logger must not fail the load.
		}
	};
}

/** An error's text with COPY credentials removed, for messages shown to users. */
export function redactedMessage(error: unknown): string {
	return redactCopy(error instanceof Error ? error.message : String(error));
}
