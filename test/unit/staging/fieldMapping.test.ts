import { mapFieldsToColumns, StagingError } from '../../../nodes/shared/staging';

const table = [
	{ name: 'id', type: { name: 'BIGINT' as const } },
	{ name: 'customer name' },
	{ name: 'created_at' },
];

describe('mapping item fields to table columns', () => {
	it('matches folded names, keeps table order, and leaves missing columns out', () => {
		expect(mapFieldsToColumns(['Customer Name', 'ID'], table)).toEqual({
			columns: [
				{ name: 'id', sourceKey: 'ID', type: { name: 'BIGINT' } },
				{ name: 'customer name', sourceKey: 'Customer Name' },
			],
			extraFields: [],
			missingColumns: ['created_at'],
		});
	});

	it('fails on extra fields by default, naming them, or drops them when asked', () => {
		expect(() => mapFieldsToColumns(['id', 'Extra', 'other'], table)).toThrow(
			/fields the table does not: "Extra", "other"/,
		);
		expect(mapFieldsToColumns(['id', 'Extra'], table, { extraFields: 'ignore' })).toMatchObject({
			columns: [{ name: 'id', sourceKey: 'id' }],
			extraFields: ['Extra'],
		});
	});

	it('refuses two fields that fill one column', () => {
		expect(() => mapFieldsToColumns(['id', 'ID'], table)).toThrow(StagingError);
		expect(() => mapFieldsToColumns(['id', 'ID'], table)).toThrow(/both fill column "id"/);
	});
});
