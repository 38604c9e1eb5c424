import { textRowToCdcRow } from '../../../nodes/shared/cdc/envelope/snapshotEvent';
import type { CdcRow } from '../../../nodes/shared/cdc/changeEvent';
import type { CdcValue } from '../../../nodes/shared/cdc/values';
import { useCdcDatabase } from './support/cdcDatabase';
import { assemble, SqlSlot } from './decoderHelpers';

/*
 * Native value mode on values PostgreSQL accepts at the edges of their types (issue 14), streamed
 * through pgoutput from a real server: nothing throws, and every value, once serialised as n8n stores
 * items (JSON), reads back into PostgreSQL as exactly the value it came from.
 */

const COLUMNS = {
	stamp: 'timestamptz',
	local_stamp: 'timestamp',
	day: 'date',
	doc: 'json',
	docb: 'jsonb',
	docs: 'jsonb[]',
	ints: 'integer[]',
	double_value: 'double precision',
	real_value: 'real',
	exact: 'numeric',
	doubles: 'double precision[]',
	stamps: 'timestamptz[]',
} as const;
type Column = keyof typeof COLUMNS;
type Row = { id: number } & Partial<Record<Column, string | null>>;

const ROWS: Row[] = [
	{
		id: 1,
		stamp: '294276-12-31 23:59:59.999999+00',
		local_stamp: '294276-12-31 23:59:59.999999',
		day: '5874897-12-31',
		doc: '{"id": 12345678901234567891, "id": -0, "x": 1e400}',
		docb: '{"id": 12345678901234567891}',
		docs: '{{1,2},{3,4}}',
		ints: '[0:1]={7,8}',
		double_value: '-0',
		real_value: '-0',
		exact: 'NaN',
		doubles: '{-0,NaN,Infinity,-Infinity,1.5}',
		stamps: '{"294276-12-31 23:59:59.999999+00","2024-01-02 03:04:05.123456+00",NULL}',
	},
	{
		id: 2,
		stamp: '10000-01-01 00:00:00+00',
		local_stamp: '10000-01-01 00:00:00',
		day: '4714-11-24 BC',
		doc: 'null',
		docb: 'null',
		docs: '{"[1, 2]","[3, 4]"}',
		ints: '[-1:0][1:2]={{1,2},{3,4}}',
		double_value: 'NaN',
		real_value: 'Infinity',
		exact: 'Infinity',
		doubles: '{}',
		stamps: '{"10000-01-01 00:00:00+00"}',
	},
	{
		id: 3,
		stamp: '4714-11-24 00:00:00+00 BC',
		local_stamp: '0044-03-15 12:00:00 BC',
		day: '10000-01-01',
		doc: null,
		docb: null,
		docs: '{"null",NULL,"\\"null\\""}',
		ints: '{7,8}',
		double_value: '-Infinity',
		real_value: 'NaN',
		exact: '-Infinity',
		doubles: null,
		stamps: '{}',
	},
	{
		id: 4,
		stamp: '9999-12-31 23:59:59.999999+00',
		local_stamp: '9999-12-31 23:59:59.999999',
		day: '9999-12-31',
		doc: '"null"',
		docb: '[null, 9007199254740993, -0.0]',
		docs: '{"{\\"big\\": 12345678901234567891}"}',
		ints: '{}',
		double_value: '1.7976931348623157e+308',
		real_value: '1.4e-45',
		exact: '-0.000000000000000000000000000001',
		doubles: '{{-0,0},{1,NULL}}',
		stamps: '{"9999-12-31 23:00:00-02"}',
	},
];

const columnNames = Object.keys(COLUMNS) as Column[];

/** An element of an array literal: quoted, so any text (JSON, timestamps, 'null') stays itself. */
function arrayElement(value: unknown): string {
	if (value === null) return 'NULL';
	if (Array.isArray(value)) return `{${value.map(arrayElement).join(',')}}`;
	if (typeof value === 'object') return arrayElement(JSON.stringify(value));
	return `"${String(value).replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** How a consumer would write a native value back: strings as they are, numbers, parsed JSON as JSON. */
function backToPostgresText(value: CdcValue, isJson: boolean): string | null {
	if (value === null) return null;
	if (isJson && typeof value !== 'string') return JSON.stringify(value);
	if (Array.isArray(value)) return arrayElement(value);
	return String(value);
}

describe('native value mode on edge values PostgreSQL accepts', () => {
	const db = useCdcDatabase('cdc_native_values', {
		setup: [
			// Values print in the session zone: a negative offset, and offsets in seconds (local mean time) before 1914.
			"SET TimeZone = 'America/Sao_Paulo'",
			"SET DateStyle = 'ISO, MDY'",
			`CREATE TABLE edges (id integer PRIMARY KEY, ${columnNames
				.map((name) => `${name} ${COLUMNS[name]}`)
				.join(', ')})`,
			'CREATE PUBLICATION native_values_pub FOR TABLE edges',
		],
	});
	let slot: SqlSlot;
	let streamed: CdcRow[];

	beforeAll(async () => {
		slot = new SqlSlot(db.client, 'native_values_pub');
		db.trackSlot(slot.name);
		await slot.create();
		for (const row of ROWS) {
			const names = ['id', ...columnNames];
			await db.client.query(
				`INSERT INTO edges (${names.join(', ')}) VALUES (${names
					.map(
						(name, index) =>
							`$${index + 1}::${name === 'id' ? 'integer' : COLUMNS[name as Column]}`,
					)
					.join(', ')})`,
				[row.id, ...columnNames.map((name) => row[name] ?? null)],
			);
		}
		const transactions = assemble(await slot.changes(), { valueMode: 'native' });
		streamed = transactions
			.flatMap((transaction) => transaction.events)
			.filter((event) => event.op === 'c')
			.map((event) => event.after as CdcRow);
	});

	it('streams every row without throwing', () => {
		expect(streamed.map((row) => row.id)).toEqual([1, 2, 3, 4]);
	});

	it('gives each value a form that reads back into PostgreSQL as exactly the same value', async () => {
		const mismatches: string[] = [];
		for (const row of streamed) {
			// n8n keeps items as JSON: what survives that is what the next node sees.
			const stored = JSON.parse(JSON.stringify(row)) as CdcRow;
			for (const name of columnNames) {
				const given = backToPostgresText(stored[name], ['json', 'jsonb'].includes(COLUMNS[name]));
				const described = `row ${String(row.id)} ${name}: ${JSON.stringify(stored[name])}`;
				try {
					// Compared as text: -0 = 0 as floats but not as text, and json has no = at all.
					const { rows } = await db.client.query<{ same: boolean; source: string | null }>(
						`SELECT ($1::text)::${COLUMNS[name]}::text IS NOT DISTINCT FROM ${name}::text AS same, ${name}::text AS source FROM edges WHERE id = $2`,
						[given, row.id],
					);
					if (!rows[0].same)
						mismatches.push(`${described} is not ${JSON.stringify(rows[0].source)}`);
				} catch (error) {
					mismatches.push(`${described} is rejected: ${(error as Error).message}`);
				}
			}
		}
		expect(mismatches).toEqual([]);
	});

	it('converts what it can and keeps the rest as PostgreSQL printed it', () => {
		const [first, second, third, fourth] = streamed;
		expect(first).toEqual({
			id: 1,
			stamp: '294276-12-31 20:59:59.999999-03',
			local_stamp: '294276-12-31 23:59:59.999999',
			day: '5874897-12-31',
			doc: '{"id": 12345678901234567891, "id": -0, "x": 1e400}',
			docb: '{"id": 12345678901234567891}',
			docs: [
				['1', '2'],
				['3', '4'],
			],
			ints: '[0:1]={7,8}',
			double_value: '-0',
			real_value: '-0',
			exact: 'NaN',
			doubles: ['-0', 'NaN', 'Infinity', '-Infinity', 1.5],
			stamps: ['294276-12-31 20:59:59.999999-03', '2024-01-02T03:04:05.123456Z', null],
		});
		expect(second).toMatchObject({
			stamp: '9999-12-31 21:00:00-03',
			local_stamp: '10000-01-01 00:00:00',
			day: '4714-11-24 BC',
			doc: 'null',
			docb: 'null',
			docs: ['[1, 2]', '[3, 4]'],
			ints: '[-1:0][1:2]={{1,2},{3,4}}',
			double_value: 'NaN',
			real_value: 'Infinity',
			exact: 'Infinity',
			doubles: [],
			stamps: ['9999-12-31 21:00:00-03'],
		});
		expect(third).toMatchObject({
			local_stamp: '0044-03-15 12:00:00 BC',
			day: '10000-01-01',
			doc: null,
			docb: null,
			docs: ['null', null, '"null"'],
			ints: [7, 8],
			doubles: null,
		});
		expect(third.stamp).toMatch(/ BC$/);
		expect(fourth).toMatchObject({
			stamp: '9999-12-31T23:59:59.999999Z',
			local_stamp: '9999-12-31T23:59:59.999999',
			doc: '"null"',
			docs: ['{"big": 12345678901234567891}'],
			doubles: [
				['-0', 0],
				[1, null],
			],
			stamps: ['9999-12-31 22:00:00-03'],
		});
	});

	it('gives snapshot rows (read as text) exactly the values streamed rows get', async () => {
		const result = await db.client.query<unknown[]>({
			text: `SELECT id, ${columnNames.join(', ')} FROM edges ORDER BY id`,
			rowMode: 'array',
			types: { getTypeParser: () => (text: string) => text },
		});
		const snapshotRows = result.rows.map((values) =>
			textRowToCdcRow(result.fields, values as Array<string | null>, 'native'),
		);
		expect(snapshotRows).toEqual(streamed);
	});
});
