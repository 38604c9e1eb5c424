/** An array literal's elements as text (null for NULL), nested for multi-dimensional arrays. */
export type ArrayText = Array<string | null | ArrayText>;

/**
 * Parses the Postgres text form of an array ('{1,NULL,"a \"b\"",{2,3}}') into nested string arrays.
 * Handles quoting, backslash escapes, NULL (unquoted, any case), nesting and a dimension decoration
 * ('[0:1]={a,b}': the bounds are dropped, JS arrays start at 0). `delimiter` is ';' for box, ',' otherwise.
 */
export function parseArrayLiteral(literal: string, delimiter = ','): ArrayText {
	let position = 0;

	const fail = (detail: string): never => {
		throw new Error(
			`Invalid array literal at character ${position + 1}: ${detail} (in ${JSON.stringify(literal)})`,
		);
	};
	const skipSpace = () => {
		while (position < literal.length && /\s/.test(literal[position])) position++;
	};

	const parseQuoted = (): string => {
		position++; // opening quote
		let value = '';
		while (position < literal.length) {
			const char = literal[position++];
			if (char === '"') return value;
			if (char === '\\') {
				if (position >= literal.length) break;
				value += literal[position++];
			} else {
				value += char;
			}
		}
		return fail('unterminated quoted element');
	};

	const parseUnquoted = (): string | null => {
		let value = '';
		let escaped = false;
		while (position < literal.length) {
			const char = literal[position];
			if (char === delimiter || char === '}') break;
			if (char === '{' || char === '"') fail(`unexpected ${char} in an unquoted element`);
			position++;
			if (char === '\\') {
				if (position >= literal.length) fail('backslash at the end');
				value += literal[position++];
				escaped = true;
			} else {
				value += char;
			}
		}
		const trimmed = escaped ? value : value.trim();
		if (trimmed === '') fail('empty unquoted element');
		return !escaped && trimmed.toUpperCase() === 'NULL' ? null : trimmed;
	};

	const parseArray = (): ArrayText => {
		if (literal[position] !== '{') fail("expected '{'");
		position++;
		const elements: ArrayText = [];
		skipSpace();
		if (literal[position] === '}') {
			position++;
			return elements;
		}
		for (;;) {
			skipSpace();
			const char = literal[position];
			if (char === '{') elements.push(parseArray());
			else if (char === '"') elements.push(parseQuoted());
			else elements.push(parseUnquoted());
			skipSpace();
			const next = literal[position++];
			if (next === '}') return elements;
			if (next !== delimiter) fail(`expected '${delimiter}' or '}'`);
		}
	};

	skipSpace();
	if (literal[position] === '[') {
		const equals = literal.indexOf('=', position);
		if (equals < 0) fail("dimension decoration without '='");
		position = equals + 1;
		skipSpace();
	}
	const result = parseArray();
	skipSpace();
	if (position !== literal.length) fail('unexpected characters after the array');
	return result;
}
