import { Client } from 'pg';

import type { LocalRedshiftForTests } from '../../support/localRedshift';
import { caseOfRow, rowId, type CapturedEvents, type RowKind } from './matrixSource';
import { CASES, JSON_SAME, SAME, type Expected, type TypeCase } from './typeCases';

/** One cell that did not come back as the matrix expects. */
export interface Mismatch {
	mode: string;
	/** The path of the value (snapshot, insert, update), or the table's column type. */
	kind: RowKind | 'column type';
	column: string;
	input: string | null;
	expected: string;
	actual: string;
}

/** Reads the target table over the local Redshift's wire front as the text it sends (no client parsing). */
export async function readRawRows(
	redshift: LocalRedshiftForTests,
	table: string,
): Promise<Map<number, Record<string, string | null>>> {
	const client = new Client({
		...redshift.pgConfig,
		types: { getTypeParser: () => (value: string) => value },
	});
	await client.connect();
	try {
		const { rows } = await client.query<Record<string, string | null>>(
			`SELECT * FROM "${table}" ORDER BY id`,
		);
		return new Map(rows.map((row) => [Number(row.id), row]));
	} finally {
		await client.end();
	}
}

/** The target's column types as the catalog (information_schema) describes them: 'numeric(12,5)', 'character varying(16)'. */
export async function readColumnTypes(
	redshift: LocalRedshiftForTests,
	table: string,
): Promise<Record<string, string>> {
	const client = new Client(redshift.pgConfig);
	await client.connect();
	try {
		const { rows } = await client.query<{
			column_name: string;
			data_type: string;
			character_maximum_length: number | null;
			numeric_precision: number | null;
			numeric_scale: number | null;
		}>(
			'SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale FROM information_schema.columns WHERE table_name = $1',
			[table],
		);
		return Object.fromEntries(
			rows.map((row) => {
				// The local Redshift keeps SUPER as jsonb underneath; its catalog says so (Redshift's says super).
				let type = row.data_type === 'jsonb' ? 'super' : row.data_type;
				if (row.character_maximum_length !== null) type += `(${row.character_maximum_length})`;
				else if (type === 'numeric') type += `(${row.numeric_precision},${row.numeric_scale})`;
				return [row.column_name, type];
			}),
		);
	} finally {
		await client.end();
	}
}

export const isFailure = (expected: Expected): expected is { fails: RegExp } =>
	typeof expected === 'object' && expected !== null && 'fails' in expected;

/** JSON text without insignificant whitespace (numbers keep their digits, strings their bytes). */
export function compactJson(text: string): string {
	let out = '';
	let inString = false;
	for (let at = 0; at < text.length; at++) {
		const char = text[at];
		if (inString) {
			out += char;
			if (char === '\\') out += text[++at] ?? '';
			else if (char === '"') inString = false;
		} else if (char === '"') {
			inString = true;
			out += char;
		} else if (!/\s/.test(char)) out += char;
	}
	return out;
}

function expectedText(typeCase: TypeCase, source: string | undefined): string | null {
	const { expected } = typeCase;
	if (expected === SAME) return source ?? null;
	if (expected === JSON_SAME) return source === undefined ? null : compactJson(source);
	if (expected === null || typeof expected === 'string') return expected;
	if ('json' in expected) return compactJson(expected.json);
	return null; // refused: the row keeps what it had (nothing)
}

const show = (value: string | null | undefined): string =>
	value === undefined
		? '(no row)'
		: value === null
			? 'NULL'
			: JSON.stringify(
					value.length > 80
						? `${value.slice(0, 40)}…(${value.length} chars)…${value.slice(-20)}`
						: value,
				);

/**
 * Compares every cell of the target table with the matrix: each case's snapshot, insert and update
 * row holds its expected text in its column (a refused value: NULL or no row), and nothing else in
 * the row (every other column NULL).
 */
export function compareCells(
	mode: string,
	rows: Map<number, Record<string, string | null>>,
	captured: CapturedEvents,
): Mismatch[] {
	const mismatches: Mismatch[] = [];
	for (const [index, typeCase] of CASES.entries()) {
		const isJson =
			typeCase.expected === JSON_SAME ||
			(typeof typeCase.expected === 'object' &&
				typeCase.expected !== null &&
				'json' in typeCase.expected);
		for (const kind of ['snapshot', 'insert', 'update'] as const) {
			const id = rowId(kind, index);
			const row = rows.get(id);
			const refused = isFailure(typeCase.expected);
			const wanted = expectedText(typeCase, captured.sourceText.get(id));
			// A refused insert or snapshot value leaves no row; a refused update leaves the NULL row.
			if (refused && kind !== 'update') {
				if (row !== undefined)
					mismatches.push({
						mode,
						kind,
						column: typeCase.column,
						input: typeCase.input,
						expected: '(no row: refused)',
						actual: show(row[typeCase.column]),
					});
				continue;
			}
			let actual = row === undefined ? undefined : row[typeCase.column];
			if (isJson && typeof actual === 'string') actual = compactJson(actual);
			if (actual !== wanted) {
				mismatches.push({
					mode,
					kind,
					column: typeCase.column,
					input: typeCase.input,
					expected: show(wanted),
					actual: show(actual),
				});
			}
			for (const [name, value] of Object.entries(row ?? {})) {
				if (name === 'id' || name === typeCase.column || name.startsWith('_n8n') || value === null)
					continue;
				mismatches.push({
					mode,
					kind,
					column: name,
					input: typeCase.input,
					expected: "NULL (another case's column)",
					actual: show(value),
				});
			}
		}
	}
	return mismatches;
}

/** Rows the target holds that no case made. */
export function strayRows(rows: Map<number, unknown>): number[] {
	return [...rows.keys()].filter((id) => {
		try {
			return caseOfRow(id).index >= CASES.length;
		} catch {
			return true;
		}
	});
}
