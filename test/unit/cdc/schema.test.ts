import type { RelationColumn, RelationMessage } from '../../../nodes/shared/cdc/pgoutput';
import {
	describeRelation,
	diffRelations,
	formatType,
	typeModifierFacts,
	typeName,
} from '../../../nodes/shared/cdc/schema';

const INT4 = 23;
const INT8 = 20;
const TEXT = 25;
const VARCHAR = 1043;
const NUMERIC = 1700;

function column(name: string, typeOid: number, typeModifier = -1, isKey = false): RelationColumn {
	return { name, typeOid, typeModifier, isKey };
}

function relation(
	columns: RelationColumn[],
	overrides: Partial<RelationMessage> = {},
): RelationMessage {
	return {
		tag: 'relation',
		relationOid: 500,
		schema: 'public',
		name: 'orders',
		replicaIdentity: 'd',
		columns,
		...overrides,
	};
}

const base = relation([
	column('id', INT4, -1, true),
	column('note', TEXT),
	column('amount', NUMERIC, ((10 << 16) | 2) + 4),
]);

describe('diffRelations', () => {
	it('returns undefined when nothing changed', () => {
		expect(diffRelations(base, relation([...base.columns]))).toBeUndefined();
	});

	it('reports an added column with its type names and the new column list', () => {
		const next = relation([...base.columns, column('sku', VARCHAR, 24)]);
		expect(diffRelations(base, next)).toEqual({
			relationOid: 500,
			schema: 'public',
			table: 'orders',
			addedColumns: [
				{
					name: 'sku',
					typeOid: VARCHAR,
					typeModifier: 24,
					typeName: 'varchar',
					formattedType: 'character varying(20)',
					isKey: false,
					length: 20,
				},
			],
			droppedColumns: [],
			retypedColumns: [],
			renamedColumns: [],
			columns: [
				{
					name: 'id',
					typeOid: INT4,
					typeModifier: -1,
					typeName: 'int4',
					formattedType: 'integer',
					isKey: true,
				},
				{
					name: 'note',
					typeOid: TEXT,
					typeModifier: -1,
					typeName: 'text',
					formattedType: 'text',
					isKey: false,
				},
				{
					name: 'amount',
					typeOid: NUMERIC,
					typeModifier: 655366,
					typeName: 'numeric',
					formattedType: 'numeric(10,2)',
					isKey: false,
					precision: 10,
					scale: 2,
				},
				{
					name: 'sku',
					typeOid: VARCHAR,
					typeModifier: 24,
					typeName: 'varchar',
					formattedType: 'character varying(20)',
					isKey: false,
					length: 20,
				},
			],
			reason: 'changed',
		});
	});

	it('reports a dropped column (the column count changed, so no rename is inferred)', () => {
		const change = diffRelations(base, relation([base.columns[0], base.columns[2]]));
		expect(change?.droppedColumns.map((c) => c.name)).toEqual(['note']);
		expect(change?.addedColumns).toEqual([]);
		expect(change?.renamedColumns).toEqual([]);
	});

	it('reports a drop and an add at different positions as such', () => {
		const change = diffRelations(
			base,
			relation([base.columns[0], base.columns[2], column('memo', TEXT)]),
		);
		expect(change?.droppedColumns.map((c) => c.name)).toEqual(['note']);
		expect(change?.addedColumns.map((c) => c.name)).toEqual(['memo']);
		expect(change?.renamedColumns).toEqual([]);
	});

	it('infers a rename at the same position with the same type', () => {
		const change = diffRelations(
			base,
			relation([base.columns[0], column('memo', TEXT), base.columns[2]]),
		);
		expect(change?.renamedColumns).toEqual([
			{
				from: 'note',
				to: 'memo',
				column: {
					name: 'memo',
					typeOid: TEXT,
					typeModifier: -1,
					typeName: 'text',
					formattedType: 'text',
					isKey: false,
				},
			},
		]);
		expect(change?.addedColumns).toEqual([]);
		expect(change?.droppedColumns).toEqual([]);
	});

	it('does not infer a rename when the type differs', () => {
		const change = diffRelations(
			base,
			relation([base.columns[0], column('memo', INT8), base.columns[2]]),
		);
		expect(change?.renamedColumns).toEqual([]);
		expect(change?.droppedColumns.map((c) => c.name)).toEqual(['note']);
		expect(change?.addedColumns.map((c) => [c.name, c.formattedType])).toEqual([
			['memo', 'bigint'],
		]);
	});

	it('reports retyped columns, including a changed type modifier', () => {
		const change = diffRelations(
			base,
			relation([
				column('id', INT8, -1, true),
				base.columns[1],
				column('amount', NUMERIC, ((12 << 16) | 4) + 4),
			]),
		);
		expect(
			change?.retypedColumns.map(({ name, from, to }) => [
				name,
				from.formattedType,
				to.formattedType,
			]),
		).toEqual([
			['id', 'integer', 'bigint'],
			['amount', 'numeric(10,2)', 'numeric(12,4)'],
		]);
	});

	it('reports key, replica identity and table name changes', () => {
		const change = diffRelations(
			base,
			relation(
				base.columns.map((c) => ({ ...c, isKey: true })),
				{ replicaIdentity: 'f', schema: 'sales', name: 'orders_v2' },
			),
		);
		expect(change).toMatchObject({
			schema: 'sales',
			table: 'orders_v2',
			previousName: { schema: 'public', table: 'orders' },
			keyColumns: { from: ['id'], to: ['id', 'note', 'amount'] },
			replicaIdentity: { from: 'd', to: 'f' },
		});
	});

	it('names user types through the resolver and unknown ones by OID', () => {
		const next = relation([...base.columns, column('status', 16400), column('mood', 16500)]);
		const change = diffRelations(base, next, (oid) => (oid === 16400 ? 'order_status' : undefined));
		expect(change?.addedColumns.map((c) => [c.typeName, c.formattedType])).toEqual([
			['order_status', 'order_status'],
			['oid:16500', 'oid:16500'],
		]);
	});
});

describe('formatType', () => {
	it.each([
		[16, -1, 'boolean'],
		[21, -1, 'smallint'],
		[INT8, -1, 'bigint'],
		[700, -1, 'real'],
		[701, -1, 'double precision'],
		[18, -1, '"char"'],
		[1042, 14, 'character(10)'],
		[VARCHAR, -1, 'character varying'],
		[NUMERIC, -1, 'numeric'],
		[NUMERIC, ((5 << 16) | (-2 & 0x7ff)) + 4, 'numeric(5,-2)'],
		[1114, 3, 'timestamp(3) without time zone'],
		[1184, -1, 'timestamp with time zone'],
		[1083, 0, 'time(0) without time zone'],
		[1266, -1, 'time with time zone'],
		[1186, -1, 'interval'],
		[1186, (0x7fff << 16) | 3, 'interval(3)'],
		[1186, ((1 << 2) << 16) | 0xffff, 'interval year'],
		[1186, (((1 << 3) | (1 << 10) | (1 << 11) | (1 << 12)) << 16) | 2, 'interval day to second(2)'],
		[1560, 8, 'bit(8)'],
		[1562, -1, 'bit varying'],
		[1007, -1, 'integer[]'],
		[1015, 24, 'character varying(20)[]'],
		[3807, -1, 'jsonb[]'],
		[2950, -1, 'uuid'],
	])('formats OID %i with modifier %i as %s', (oid, modifier, expected) => {
		expect(formatType(oid, modifier)).toBe(expected);
	});

	it('gives pg_type names', () => {
		expect(typeName(1007)).toBe('_int4');
		expect(typeName(1184)).toBe('timestamptz');
		expect(typeName(99999)).toBe('oid:99999');
	});
});

describe('typeModifierFacts (what atttypmod says, as schema events show it)', () => {
	const DAY_TO_SECOND = (1 << 3) | (1 << 10) | (1 << 11) | (1 << 12);
	it.each([
		['varchar(20)', VARCHAR, 24, { length: 20 }],
		['varchar', VARCHAR, -1, {}],
		['character(1)', 1042, 5, { length: 1 }],
		['bpchar', 1042, -1, {}],
		['bit(8)', 1560, 8, { length: 8 }],
		['bit varying(64)', 1562, 64, { length: 64 }],
		['bit varying', 1562, -1, {}],
		['numeric(12,5)', NUMERIC, ((12 << 16) | 5) + 4, { precision: 12, scale: 5 }],
		['numeric(38,0)', NUMERIC, (38 << 16) + 4, { precision: 38, scale: 0 }],
		['numeric(5,-2)', NUMERIC, ((5 << 16) | (-2 & 0x7ff)) + 4, { precision: 5, scale: -2 }],
		['numeric(1000,1000)', NUMERIC, ((1000 << 16) | 1000) + 4, { precision: 1000, scale: 1000 }],
		['numeric', NUMERIC, -1, {}],
		['timestamp(3)', 1114, 3, { fractionalDigits: 3 }],
		['timestamp(0)', 1114, 0, { fractionalDigits: 0 }],
		['timestamp', 1114, -1, {}],
		['timestamptz(3)', 1184, 3, { fractionalDigits: 3 }],
		['time(6)', 1083, 6, { fractionalDigits: 6 }],
		['timetz(2)', 1266, 2, { fractionalDigits: 2 }],
		['interval(3)', 1186, (0x7fff << 16) | 3, { fractionalDigits: 3 }],
		['interval day to second(2)', 1186, (DAY_TO_SECOND << 16) | 2, { fractionalDigits: 2 }],
		['interval year (no precision)', 1186, ((1 << 2) << 16) | 0xffff, {}],
		['interval', 1186, -1, {}],
		['integer', INT4, -1, {}],
		['varchar(20)[] (arrays: none)', 1015, 24, {}],
	])('%s', (_type, oid, modifier, expected) => {
		expect(typeModifierFacts(oid, modifier)).toEqual(expected);
	});
});

describe('describeRelation', () => {
	it('lists every column with its facts and reports nothing as changed', () => {
		expect(describeRelation(base, 'firstSight')).toEqual({
			relationOid: 500,
			schema: 'public',
			table: 'orders',
			addedColumns: [],
			droppedColumns: [],
			retypedColumns: [],
			renamedColumns: [],
			columns: [
				expect.objectContaining({ name: 'id', isKey: true }),
				expect.objectContaining({ name: 'note' }),
				expect.objectContaining({ name: 'amount', precision: 10, scale: 2 }),
			],
			reason: 'firstSight',
		});
	});
});
