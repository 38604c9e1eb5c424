import type { Lsn } from './messages';

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;
const MAX_LSN = 0xffff_ffff_ffff_ffffn;

/** Formats an LSN the way Postgres prints pg_lsn: upper-case hex halves, no padding ('16/B374D848'). */
export function formatLsn(lsn: Lsn): string {
	if (lsn < 0n || lsn > MAX_LSN) throw new RangeError(`LSN ${lsn} is outside 0..2^64-1`);
	const high = Number(lsn >> 32n);
	const low = Number(lsn & 0xffff_ffffn);
	return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}

/** Parses 'X/X' (as printed by Postgres or formatLsn) into an exact bigint. */
export function parseLsn(text: string): Lsn {
	const match = LSN_TEXT.exec(text.trim());
	if (!match) {
		throw new Error(
			`'${text}' is not an LSN: expected two hex numbers separated by '/', like '0/16B3748'`,
		);
	}
	return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}
