import type { CopyFormat } from '../copyCommand';
import { evaluateJsonPath, type JsonPathStep } from './jsonPaths';
import { JsonScanner, JsonSyntaxError, type JsonNode } from './jsonScanner';
import type { ParsedRecord, RecordField } from './sourceRecord';

/** How a JSON COPY finds each loaded column's value in an object. */
export type JsonColumnLookup =
	| { mode: 'auto' | 'auto ignorecase'; columns: string[] }
	| { mode: 'jsonpaths'; paths: JsonPathStep[][] };

export function jsonLookup(
	format: CopyFormat,
	columns: string[],
	paths?: JsonPathStep[][],
): JsonColumnLookup {
	if (format.kind === 'json' && format.mode === 'jsonpaths' && paths)
		return { mode: 'jsonpaths', paths };
	return {
		mode: format.kind === 'json' && format.mode === 'auto ignorecase' ? 'auto ignorecase' : 'auto',
		columns,
	};
}

function fieldOf(node: JsonNode | undefined): RecordField {
	if (!node || node.kind === 'null') return { bytes: null };
	if (node.kind === 'string') return { bytes: node.bytes, json: node.text };
	return { bytes: node.text, json: node.text };
}

/** Top-level keys match column names exactly ('auto') or ignoring case ('auto ignorecase'). */
function memberFor(
	object: JsonNode & { kind: 'object' },
	column: string,
	ignoreCase: boolean,
): JsonNode | undefined {
	const wanted = ignoreCase ? column.toLowerCase() : column;
	const matches = object.members.filter(
		(member) => (ignoreCase ? member.key.toLowerCase() : member.key) === wanted,
	);
	return matches.pop()?.value;
}

function fieldsOf(node: JsonNode, lookup: JsonColumnLookup): RecordField[] {
	if (lookup.mode === 'jsonpaths')
		return lookup.paths.map((path) => fieldOf(evaluateJsonPath(node, path)));
	if (node.kind !== 'object') return [];
	return lookup.columns.map((column) =>
		fieldOf(memberFor(node, column, lookup.mode === 'auto ignorecase')),
	);
}

/**
 * Parses a JSON file of concatenated objects (whitespace or newlines between them; DG
 * copy-usage_notes-copy-from-json.md). A syntax error ends the file: the rest cannot be
 * re-synchronised, and becomes one problem record.
 */
export function parseJsonRecords(content: string, lookup: JsonColumnLookup): ParsedRecord[] {
	const scanner = new JsonScanner(content);
	const records: ParsedRecord[] = [];
	const lines = content.split('\n');
	for (;;) {
		let document;
		try {
			document = scanner.nextDocument();
		} catch (error) {
			if (!(error instanceof JsonSyntaxError)) throw error;
			records.push({
				kind: 'problem',
				lineNumber: error.line,
				rawLine: lines[error.line - 1] ?? '',
				code: 1216,
				reason: `Invalid JSON: ${error.message}`,
			});
			return records;
		}
		if (!document) return records;
		const rawLine = lines.slice(document.firstLine - 1, document.lastLine).join('\n');
		if (lookup.mode !== 'jsonpaths' && document.node.kind !== 'object') {
			records.push({
				kind: 'problem',
				lineNumber: document.lastLine,
				rawLine,
				code: 1216,
				reason: "Invalid JSONPath format: JSON 'auto' expects an object at the top level",
			});
			continue;
		}
		records.push({
			kind: 'record',
			lineNumber: document.lastLine,
			rawLine,
			fields: fieldsOf(document.node, lookup),
		});
	}
}
