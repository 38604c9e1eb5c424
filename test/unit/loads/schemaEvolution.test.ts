import {
	describedColumns,
	planEvolution,
	type SchemaDescription,
} from '../../../nodes/shared/loads/schemaEvolution';
import type { TableColumn } from '../../../nodes/shared/loads/targetTable';

const schema = (schemaChange: SchemaDescription) => ({ op: 'schema', schemaChange });
const target = { name: 't' };
const table: TableColumn[] = [
	{ name: 'id', type: { name: 'BIGINT' }, typeName: 'bigint', nullable: true },
	{
		name: 'code',
		type: { name: 'VARCHAR', length: 40 },
		typeName: 'character varying',
		nullable: true,
	},
	{
		name: 'amount',
		type: { name: 'NUMERIC', precision: 10, scale: 2 },
		typeName: 'numeric',
		nullable: true,
	},
];
const columns = [
	{ name: 'id', formattedType: 'bigint' },
	{ name: 'code', formattedType: 'character varying(10)' },
	{ name: 'amount', formattedType: 'numeric(10,2)' },
];

describe('planEvolution', () => {
	it('asks nothing of a table that matches the description', () => {
		const plan = planEvolution(
			[schema({ reason: 'firstSight', columns })],
			table,
			target,
			'"t"',
			{},
		);
		expect(plan).toMatchObject({ statements: [], added: [], warnings: [] });
	});

	it('adds what the table lacks, the latest description winning, names folded', () => {
		const events = [
			schema({ columns: [...columns, { name: 'Note', formattedType: 'character varying(5)' }] }),
			schema({ columns: [...columns, { name: 'Note', formattedType: 'text' }] }),
		];
		const plan = planEvolution(events, table, target, '"t"', {});
		expect(plan.statements.map((statement) => statement.text)).toEqual([
			'ALTER TABLE "t" ADD COLUMN "note" VARCHAR(65535)',
		]);
		expect(describedColumns(events, {}).get('note')?.type).toEqual({
			name: 'VARCHAR',
			length: 65535,
		});
	});

	it('widens a retyped VARCHAR only when it gets longer, and warns for a retype Redshift cannot do', () => {
		const retype = (name: string, from: string, to: string) =>
			schema({
				columns: columns.map((column) =>
					column.name === name ? { name, formattedType: to } : column,
				),
				retypedColumns: [
					{ name, from: { name, formattedType: from }, to: { name, formattedType: to } },
				],
			});
		expect(
			planEvolution(
				[retype('code', 'character varying(10)', 'character varying(8)')],
				table,
				target,
				'"t"',
				{},
			),
		).toMatchObject({
			statements: [],
			warnings: [],
		});
		const longer = planEvolution(
			[retype('code', 'character varying(10)', 'character varying(11)')],
			table,
			target,
			'"t"',
			{},
		);
		expect(longer.statements.map((statement) => statement.text)).toEqual([
			'ALTER TABLE "t" ALTER COLUMN "code" TYPE VARCHAR(44)',
		]);
		expect(longer.widened).toEqual(new Map([['code', 44]]));
		const numeric = planEvolution(
			[retype('amount', 'numeric(10,2)', 'numeric(12,4)')],
			table,
			target,
			'"t"',
			{},
		);
		expect(numeric.statements).toEqual([]);
		expect(numeric.warnings).toEqual([
			expect.stringMatching(
				/^The source changed the type of column "amount" from numeric\(10,2\) to numeric\(12,4\); "t" keeps it as NUMERIC\(10,2\)/,
			),
		]);
		expect(
			planEvolution([retype('id', 'integer', 'bigint')], table, target, '"t"', {}).warnings,
		).toEqual([]);
	});
});

describe('planEvolution with fields the table lacks ignored', () => {
	it('adds no column: the table keeps the columns the user chose', () => {
		const events = [schema({ columns: [...columns, { name: 'secret', formattedType: 'text' }] })];
		expect(planEvolution(events, table, target, '"t"', { extraFields: 'ignore' })).toMatchObject({
			statements: [],
			added: [],
		});
	});
});
