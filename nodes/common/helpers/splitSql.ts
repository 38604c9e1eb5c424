/**
 * Splits user SQL into statements at semicolons that are outside quotes, quoted identifiers,
 * dollar-quoted bodies and comments. Empty statements are dropped. The Data API takes one
 * statement per entry, and the wire runs them one by one inside the load transaction.
 */
export function splitSqlStatements(sql: string): string[] {
	const statements: string[] = [];
	let current = '';
	let index = 0;
	const push = () => {
		const statement = current.trim();
		if (statement && !/^(--[^\n]*\n?|\/\*[\s\S]*?\*\/|\s)*$/.test(statement))
			statements.push(statement);
		current = '';
	};
	while (index < sql.length) {
		const character = sql[index];
		const rest = sql.slice(index);
		let end = index + 1;
		if (character === "'" || character === '"') {
			end = closingQuote(sql, index, character);
		} else if (rest.startsWith('--')) {
			const newline = sql.indexOf('\n', index);
			end = newline === -1 ? sql.length : newline + 1;
		} else if (rest.startsWith('/*')) {
			const close = sql.indexOf('*/', index + 2);
			end = close === -1 ? sql.length : close + 2;
		} else if (character === '$') {
			const tag = /^\$[A-Za-z_]*\$/.exec(rest)?.[0];
			if (tag) {
				const close = sql.indexOf(tag, index + tag.length);
				end = close === -1 ? sql.length : close + tag.length;
			}
		} else if (character === ';') {
			push();
			index++;
			continue;
		}
		current += sql.slice(index, end);
		index = end;
	}
	push();
	return statements;
}

/** The index after the quote that closes the one at `start` (a doubled quote is part of the text). */
function closingQuote(sql: string, start: number, quote: string): number {
	let index = start + 1;
	while (index < sql.length) {
		if (sql[index] === quote) {
			if (sql[index + 1] === quote) {
				index += 2;
				continue;
			}
			return index + 1;
		}
		index++;
	}
	return sql.length;
}
