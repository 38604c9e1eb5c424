/**
 * UTF-8 checks on a field's bytes (a latin1 "byte string"): Redshift rejects invalid
 * sequences (error 1220) unless ACCEPTINVCHARS replaces each bad byte, and counts VARCHAR
 * lengths in bytes (DG r_Character_types.md, copy-parameters-data-conversion.md).
 */
export interface DecodedField {
	text: string;
	byteLength: number;
}

export type Utf8Outcome =
	| { ok: true; field: DecodedField }
	| { ok: false; position: number; badBytes: string; nul: boolean };

/** Length of the valid UTF-8 sequence starting at `index`, or 0 when the bytes there are invalid. */
function sequenceLength(bytes: Buffer, index: number): number {
	const lead = bytes[index];
	if (lead < 0x80) return 1;
	let length: number;
	let minimum: number;
	if (lead >= 0xc2 && lead <= 0xdf) [length, minimum] = [2, 0x80];
	else if (lead >= 0xe0 && lead <= 0xef) [length, minimum] = [3, 0x800];
	else if (lead >= 0xf0 && lead <= 0xf4) [length, minimum] = [4, 0x10000];
	else return 0;
	if (index + length > bytes.length) return 0;
	let codePoint = lead & (0xff >> (length + 1));
	for (let offset = 1; offset < length; offset++) {
		const continuation = bytes[index + offset];
		if ((continuation & 0xc0) !== 0x80) return 0;
		codePoint = (codePoint << 6) | (continuation & 0x3f);
	}
	const surrogate = codePoint >= 0xd800 && codePoint <= 0xdfff;
	return codePoint < minimum || codePoint > 0x10ffff || surrogate ? 0 : length;
}

function hex(bytes: Buffer, start: number, count: number): string {
	return [...bytes.subarray(start, start + count)]
		.map((byte) => byte.toString(16).padStart(2, '0'))
		.join(' ');
}

/** Most fields are ASCII without NUL: their byte string already is their text. */
function isPlainAscii(byteString: string): boolean {
	for (let index = 0; index < byteString.length; index++) {
		const code = byteString.charCodeAt(index);
		if (code === 0 || code > 0x7f) return false;
	}
	return true;
}

/** Decodes the field; invalid bytes become `replacement` when given (ACCEPTINVCHARS), else an error. */
export function decodeUtf8(byteString: string, replacement?: string): Utf8Outcome {
	if (isPlainAscii(byteString))
		return { ok: true, field: { text: byteString, byteLength: byteString.length } };
	const bytes = Buffer.from(byteString, 'latin1');
	const nul = bytes.indexOf(0);
	if (nul !== -1) return { ok: false, position: nul, badBytes: '00', nul: true };
	let output: Buffer | undefined;
	const pieces: Buffer[] = [];
	let validFrom = 0;
	for (let index = 0; index < bytes.length; ) {
		const length = sequenceLength(bytes, index);
		if (length > 0) {
			index += length;
			continue;
		}
		if (replacement === undefined)
			return { ok: false, position: index, badBytes: hex(bytes, index, 4), nul: false };
		pieces.push(bytes.subarray(validFrom, index), Buffer.from(replacement, 'utf8'));
		index++;
		validFrom = index;
	}
	if (pieces.length > 0) {
		pieces.push(bytes.subarray(validFrom));
		output = Buffer.concat(pieces);
	}
	const decoded = output ?? bytes;
	return { ok: true, field: { text: decoded.toString('utf8'), byteLength: decoded.length } };
}

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character (TRUNCATECOLUMNS). */
export function truncateToBytes(text: string, maxBytes: number): string {
	let bytes = 0;
	let end = 0;
	for (const char of text) {
		const size = Buffer.byteLength(char, 'utf8');
		if (bytes + size > maxBytes) break;
		bytes += size;
		end += char.length;
	}
	return text.slice(0, end);
}
