/**
 * Decodes the text form of bytea: hex ('\x0102', the default bytea_output) or escape
 * ('a\\\001', when the server runs with bytea_output = escape).
 */
export function decodeByteaText(text: string): Buffer {
	if (text.startsWith('\\x')) {
		const hex = text.slice(2);
		if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
			throw new Error(`Invalid bytea hex text: ${text.slice(0, 40)}`);
		}
		return Buffer.from(hex, 'hex');
	}
	const bytes: number[] = [];
	for (let index = 0; index < text.length; index++) {
		const char = text[index];
		if (char !== '\\') {
			bytes.push(text.charCodeAt(index) & 0xff);
		} else if (text[index + 1] === '\\') {
			bytes.push(0x5c);
			index++;
		} else if (/^[0-3][0-7]{2}$/.test(text.slice(index + 1, index + 4))) {
			bytes.push(parseInt(text.slice(index + 1, index + 4), 8));
			index += 3;
		} else {
			throw new Error(`Invalid bytea escape text at character ${index + 1}: ${text.slice(0, 40)}`);
		}
	}
	return Buffer.from(bytes);
}
