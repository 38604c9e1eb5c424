import type { TargetColumn } from './targetTable';
import { quoteIdentifier } from '../sqlTokens';

/** Bytes per chunk handed to COPY FROM STDIN. */
const CHUNK_BYTES = 1 << 20;

/** Escapes a value for PostgreSQL's COPY text format (tab-separated, \N for NULL). */
function escapeCopyText(text: string): string {
	return text.replace(/[\\\t\n\r]/g, (char) =>
		char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r',
	);
}

/** The validated rows as COPY text chunks, built lazily so a big load is not held twice in memory. */
export function* copyTextChunks(rows: Iterable<Array<string | null>>): Generator<Buffer> {
	let lines: string[] = [];
	let size = 0;
	for (const values of rows) {
		const line = `${values.map((value) => (value === null ? '\\N' : escapeCopyText(value))).join('\t')}\n`;
		lines.push(line);
		size += line.length;
		if (size >= CHUNK_BYTES) {
			yield Buffer.from(lines.join(''), 'utf8');
			lines = [];
			size = 0;
		}
	}
	if (lines.length > 0) yield Buffer.from(lines.join(''), 'utf8');
}

/** The PostgreSQL statement that receives them: identifiers quoted, encoding pinned to UTF-8. */
export function copyFromStdinSql(schema: string, table: string, columns: TargetColumn[]): string {
	const columnList = columns.map((column) => quoteIdentifier(column.name)).join(', ');
	return `COPY ${quoteIdentifier(schema)}.${quoteIdentifier(table)} (${columnList}) FROM STDIN WITH (FORMAT text, ENCODING 'UTF8')`;
}
