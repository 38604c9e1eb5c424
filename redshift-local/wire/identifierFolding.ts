import { serialize } from 'pg-protocol';

import type { FrontSession } from './frontSession';
import { decodeParse, decodeQuery } from './protocol/frontendMessages';
import type { Frame } from './protocol/frameReader';

const CHANGES_CASE_SETTING = /\b(?:SET|RESET)\b[^;]*\benable_case_sensitive_identifier\b/i;

function frameOf(raw: Buffer): Frame {
	return { code: String.fromCharCode(raw[0]), body: raw.subarray(5), raw };
}

/**
 * A Query or Parse message as Redshift reads it in this session: quoted identifiers folded to lower
 * case unless the session has enable_case_sensitive_identifier on. Other messages, and statements
 * with nothing to fold, stay the very bytes the client sent.
 */
export function asRedshiftReads(frame: Frame, front: FrontSession): Frame {
	if (frame.code === 'Q') {
		const sql = decodeQuery(frame.body);
		// A Query that changes the setting takes the engine path, where each statement is read in turn.
		if (CHANGES_CASE_SETTING.test(sql)) return frame;
		const folded = front.engine.asRedshiftReads(sql, front.session);
		return folded === sql ? frame : frameOf(serialize.query(folded));
	}
	if (frame.code === 'P') {
		const { statement, sql, parameterTypes } = decodeParse(frame.body);
		const folded = front.engine.asRedshiftReads(sql, front.session);
		if (folded === sql) return frame;
		return frameOf(serialize.parse({ name: statement, text: folded, types: parameterTypes }));
	}
	return frame;
}
