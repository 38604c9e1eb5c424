/**
 * Reads SQL text the way the Data API does before it reaches the database: `:name` placeholders
 * outside literals, quoted identifiers, dollar quotes and comments become `$n` parameters
 * (`::type` casts are not placeholders).
 */

export interface ScannedSql {
	/**
	 * SQL with each `:name` replaced by `$n`. Every occurrence gets its own n, so that one name can be
	 * used as different types (`:id` and `:id::smallint`), as Redshift allows (MG data-api-calling.md).
	 */
	text: string;
	/** The parameter name of each `$n`, in order (a name repeats when used more than once). */
	names: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/** Index just past a quoted run starting at `start` (quote doubled = escaped quote). */
function skipQuoted(sql: string, start: number, quote: string): number {
	let index = start + 1;
	while (index < sql.length) {
		if (sql[index] === quote) {
			if (sql[index + 1] === quote) index += 2;
			else return index + 1;
		} else index++;
	}
	return index;
}

/** Index just past a dollar-quoted body (`$tag$ … $tag$`), or undefined when `$` starts no quote. */
function skipDollarQuoted(sql: string, start: number): number | undefined {
	const tag = /^\$[A-Za-z_]?[A-Za-z0-9_]*\$/.exec(sql.slice(start));
	if (!tag) return undefined;
	const end = sql.indexOf(tag[0], start + tag[0].length);
	return end < 0 ? sql.length : end + tag[0].length;
}

function skipComment(sql: string, start: number): number | undefined {
	if (sql.startsWith('--', start)) {
		const end = sql.indexOf('\n', start);
		return end < 0 ? sql.length : end + 1;
	}
	if (sql.startsWith('/*', start)) {
		const end = sql.indexOf('*/', start + 2);
		return end < 0 ? sql.length : end + 2;
	}
	return undefined;
}

export function scanSql(sql: string, substituteParameters: boolean): ScannedSql {
	const names: string[] = [];
	let text = '';
	let copiedUpTo = 0;
	let index = 0;
	while (index < sql.length) {
		const char = sql[index];
		const afterComment = skipComment(sql, index);
		if (afterComment !== undefined) {
			index = afterComment;
		} else if (char === "'" || char === '"') {
			index = skipQuoted(sql, index, char);
		} else if (char === '$') {
			index = skipDollarQuoted(sql, index) ?? index + 1;
		} else if (char === ':' && sql[index + 1] === ':') {
			index += 2;
		} else if (char === ':' && NAME_START.test(sql[index + 1] ?? '')) {
			let end = index + 2;
			while (end < sql.length && NAME_PART.test(sql[end])) end++;
			if (substituteParameters) {
				const position = names.push(sql.slice(index + 1, end));
				text += `${sql.slice(copiedUpTo, index)}$${position}`;
				copiedUpTo = end;
			}
			index = end;
		} else {
			index++;
		}
	}
	text += sql.slice(copiedUpTo);
	return { text, names };
}
