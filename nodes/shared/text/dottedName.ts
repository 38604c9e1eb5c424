/** One part of a dotted name, as written: quoted parts without their quotes ("" read as one quote). */
export interface NamePart {
	text: string;
	quoted: boolean;
}

/** `"x` (a quote never closed) or `"x"y` (text after a quoted part instead of a dot). */
export type DottedNameProblem = 'unclosedQuote' | 'textAfterQuote';

/**
 * Splits `table`, `schema.table` or quoted forms such as `"My Schema"."a.b"` into their parts, the
 * way SQL reads them. Unquoted parts come back untouched (spaces included): each caller applies its
 * own rules to them (PostgreSQL and Redshift names differ).
 */
export function splitDottedName(
	text: string,
): { parts: NamePart[] } | { problem: DottedNameProblem } {
	const parts: NamePart[] = [];
	let index = 0;
	while (index <= text.length) {
		if (text[index] === '"') {
			let part = '';
			index++;
			for (;;) {
				if (index >= text.length) return { problem: 'unclosedQuote' };
				if (text[index] === '"') {
					if (text[index + 1] === '"') {
						part += '"';
						index += 2;
						continue;
					}
					index++;
					break;
				}
				part += text[index++];
			}
			parts.push({ text: part, quoted: true });
		} else {
			const dot = text.indexOf('.', index);
			const end = dot === -1 ? text.length : dot;
			parts.push({ text: text.slice(index, end), quoted: false });
			index = end;
		}
		if (index >= text.length) break;
		if (text[index] !== '.') return { problem: 'textAfterQuote' };
		index++;
	}
	return { parts };
}
