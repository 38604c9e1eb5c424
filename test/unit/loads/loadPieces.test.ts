import {
	describeLoadError,
	errorLocation,
	ItemValueError,
	LoadSetupError,
} from '../../../nodes/shared/loads';
import { chooseColumns, ItemShaper } from '../../../nodes/shared/loads/itemColumns';
import { insertValue } from '../../../nodes/shared/loads/insertValues';
import {
	isCopyLoadFailure,
	queryIdFromError,
	serverText,
} from '../../../nodes/shared/loads/loadErrorDetail';
import { redactingLog } from '../../../nodes/shared/loads/log';
import {
	buildDescribeTable,
	catalogColumnType,
	type TableColumn,
} from '../../../nodes/shared/loads/targetTable';
import { helperTableName } from '../../../nodes/shared/loads/tempNames';

const columns: TableColumn[] = [
	{ name: 'id', type: { name: 'BIGINT' }, typeName: 'bigint', nullable: false },
	{
		name: 'name',
		type: { name: 'VARCHAR', length: 5 },
		typeName: 'character varying',
		nullable: true,
	},
	{ name: 'doc', type: { name: 'SUPER' }, typeName: 'super', nullable: true },
];

describe('load errors', () => {
	const copyError = Object.assign(
		new Error(
			"Load into table 'people' failed.  Check 'stl_load_errors' system table for details.",
		),
		{
			detail:
				'-----\nerror:  String length exceeds DDL length\ncode:      1204\nquery:     4711\n-----',
		},
	);

	it('recognises a failed COPY and finds its query id in the DETAIL (wire) or the message (Data API)', () => {
		expect(isCopyLoadFailure(copyError)).toBe(true);
		expect(queryIdFromError(copyError)).toBe('4711');
		expect(
			queryIdFromError(new Error(`ERROR: Load into table 't' failed.\nDETAIL: query:  99\n`)),
		).toBe('99');
		expect(isCopyLoadFailure(new Error('syntax error'))).toBe(false);
		expect(serverText(copyError)).toContain('DETAIL: -----');
	});

	it('describes a bad row with item, column, reason, code, line, file, value and a hint', () => {
		expect(
			describeLoadError({
				queryId: '4711',
				file: 's3://bucket/run/part-00000.csv.gz',
				line: 3,
				column: 'name',
				columnType: 'varchar',
				columnLength: '5',
				value: 'much too long',
				code: 1204,
				reason: 'String length exceeds DDL length',
				itemIndex: 2,
			}),
		).toBe(
			'item 2, column "name" (varchar(5)): String length exceeds DDL length [Redshift load error 1204 at line 3 of s3://bucket/run/part-00000.csv.gz; value "much too long"]. Make the column wider (ALTER TABLE … ALTER COLUMN … TYPE VARCHAR(n)), or turn on truncating long values.',
		);
	});

	it('redacts keys from what it logs', () => {
		const lines: string[] = [];
		redactingLog((line) => lines.push(line))(
			"COPY t FROM 's3://b/m' ACCESS_KEY_ID 'AKIA1' SECRET_ACCESS_KEY 'very-secret' SESSION_TOKEN 'tok' MANIFEST",
		);
		expect(lines).toEqual([
			"COPY t FROM 's3://b/m' ACCESS_KEY_ID '***' SECRET_ACCESS_KEY '***' SESSION_TOKEN '***' MANIFEST",
		]);
	});
});

describe('columns of items', () => {
	it('chooses the table columns the items fill, folding names, and refuses extra fields', () => {
		expect(
			chooseColumns(columns, [{ ID: 1 }, { Name: 'x' }], {}, '"t"').map((column) => column.name),
		).toEqual(['id', 'name']);
		expect(() => chooseColumns(columns, [{ id: 1 }, { id: 2, extra: 1 }], {}, '"t"')).toThrow(
			/Item 1: the field "extra" has no column in "t"/,
		);
		expect(
			chooseColumns(columns, [{ id: 1, extra: 1 }], { extraFields: 'ignore' }, '"t"').map(
				(column) => column.name,
			),
		).toEqual(['id']);
		expect(chooseColumns(columns, undefined, {}, '"t"')).toHaveLength(3);
		expect(() => chooseColumns(columns, undefined, { fields: ['nope'] }, '"t"')).toThrow(
			LoadSetupError,
		);
	});

	it('re-keys items by column and counts newlines for line numbers', () => {
		const shaper = new ItemShaper(columns, columns.slice(0, 2), { countNewlines: true }, '"t"');
		expect(shaper.shape({ ID: 1, NAME: 'a\nb\nc', doc: 'left out' }, 7)).toEqual({
			id: 1,
			name: 'a\nb\nc',
		});
		expect(shaper.extraLines.get(7)).toBe(2);
		expect(() => shaper.shape({ id: 1, Id: 2 }, 3)).toThrow(ItemValueError);
	});
});

describe('insert values', () => {
	it('sends exact text, JSON for SUPER, and refuses what cannot fit with item and column', () => {
		expect(
			insertValue(
				12345678901234567890n,
				{ ...columns[0], type: { name: 'NUMERIC', precision: 38, scale: 0 } },
				0,
				'error',
			),
		).toEqual({ value: '12345678901234567890', super: false });
		expect(insertValue({ a: [1] }, columns[2], 0, 'error')).toEqual({
			value: '{"a":[1]}',
			super: true,
		});
		expect(insertValue('text', columns[2], 0, 'error')).toEqual({ value: '"text"', super: true });
		expect(() => insertValue('toolong', columns[1], 4, 'error')).toThrow(
			/Item 4, column "name" \(VARCHAR\(5\)\): the value is 7 bytes/,
		);
		expect(() => insertValue(null, columns[0], 1, 'error')).toThrow(/NOT NULL/);
		expect(() => insertValue('1.5', columns[0], 1, 'error')).toThrow(/not a whole number/);
		expect(() => insertValue('a\u0000b', columns[1], 2, 'error')).toThrow(ItemValueError);
		expect(insertValue('a\u0000b', columns[1], 2, 'strip')).toEqual({ value: 'ab', super: false });
	});
});

describe('SQL pieces', () => {
	it('looks tables up by folded name as parameters', () => {
		expect(buildDescribeTable({ schema: 'Sales', name: 'x"; drop' })).toEqual({
			text: expect.stringContaining('"table_schema" = $1 AND "table_name" = $2'),
			values: ['sales', 'x"; drop'],
		});
		expect(buildDescribeTable({ name: 'T' }).text).toContain('current_schema()');
		expect(
			catalogColumnType({ data_type: 'character varying', character_maximum_length: 12 }),
		).toEqual({ name: 'VARCHAR', length: 12 });
		expect(catalogColumnType({ data_type: 'jsonb' })).toEqual({ name: 'SUPER' });
		expect(
			catalogColumnType({ data_type: 'numeric', numeric_precision: 10, numeric_scale: 2 }),
		).toEqual({ name: 'NUMERIC', precision: 10, scale: 2 });
		expect(catalogColumnType({ data_type: 'geometry' })).toBeUndefined();
	});

	it('names helper tables uniquely within 127 bytes', () => {
		const name = helperTableName('é'.repeat(60), 'stage', '20261121T203000123Z-1a2b3c4d5e6f');
		expect(Buffer.byteLength(name)).toBeLessThanOrEqual(127);
		expect(name.endsWith('_n8n_stage_123z1a2b3c4d5e6f')).toBe(true);
		expect(helperTableName('Orders', 'new', 'r-1')).toBe('orders_n8n_new_r1');
	});
});

describe('errorLocation', () => {
	it('reads the item and column of any load error', () => {
		expect(errorLocation(new ItemValueError('x', 3, 'name'))).toEqual({
			itemIndex: 3,
			column: 'name',
		});
		expect(errorLocation(new LoadSetupError('x'))).toEqual({});
		expect(errorLocation('text')).toEqual({});
	});
});
