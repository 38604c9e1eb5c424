import { RedshiftError } from '../../session';
import type { JsonNode } from './jsonScanner';

export type JsonPathStep = { kind: 'member'; name: string } | { kind: 'index'; index: number };

function invalidPath(path: string, problem: string): RedshiftError {
	return new RedshiftError(
		`Invalid JSONPath format: ${problem}`,
		'XX000',
		`JSONPath expression: ${path}`,
	);
}

/** Compiles one JSONPath of the forms Redshift accepts: $.a.b, $['a']["b"], $.a[0] (DG copy-usage_notes-copy-from-json.md). */
export function compileJsonPath(path: string): JsonPathStep[] {
	if (!path.startsWith('$')) throw invalidPath(path, 'the expression must start with $');
	const steps: JsonPathStep[] = [];
	let rest = path.slice(1);
	while (rest.length > 0) {
		const dotted = /^\.([^.[\]'"]+)/.exec(rest);
		const quoted = /^\[\s*(['"])((?:(?!\1).)*)\1\s*\]/.exec(rest);
		const indexed = /^\[\s*(\d+)\s*\]/.exec(rest);
		if (dotted) {
			steps.push({ kind: 'member', name: dotted[1] });
			rest = rest.slice(dotted[0].length);
		} else if (quoted) {
			steps.push({ kind: 'member', name: quoted[2] });
			rest = rest.slice(quoted[0].length);
		} else if (indexed) {
			steps.push({ kind: 'index', index: Number(indexed[1]) });
			rest = rest.slice(indexed[0].length);
		} else {
			throw invalidPath(path, `unexpected '${rest}'`);
		}
	}
	return steps;
}

/** Reads a JSONPaths file `{"jsonpaths": [...]}`; it must name one path per loaded column. */
export function compileJsonPathsFile(text: string, columnCount: number): JsonPathStep[][] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new RedshiftError(`Invalid JSONPath format: ${(error as Error).message}`, 'XX000');
	}
	const paths = (parsed as { jsonpaths?: unknown } | null)?.jsonpaths;
	if (!Array.isArray(paths) || paths.some((path) => typeof path !== 'string')) {
		throw new RedshiftError(
			'Invalid JSONPath format: the file needs a "jsonpaths" array of strings',
			'XX000',
		);
	}
	if (paths.length !== columnCount) {
		throw new RedshiftError(
			`Number of jsonpaths and the number of columns should match. JSONPath size: ${paths.length}, Number of columns in table or column list: ${columnCount}`,
			'XX000',
		);
	}
	return (paths as string[]).map(compileJsonPath);
}

export function evaluateJsonPath(node: JsonNode, steps: JsonPathStep[]): JsonNode | undefined {
	let current: JsonNode | undefined = node;
	for (const step of steps) {
		if (step.kind === 'member' && current?.kind === 'object') {
			current = current.members.filter((member) => member.key === step.name).pop()?.value;
		} else if (step.kind === 'index' && current?.kind === 'array') {
			current = current.items[step.index];
		} else {
			return undefined;
		}
	}
	return current;
}
