import { createTableSpec } from '../../../nodes/RedshiftSink/helpers/settings';

describe('createTableSpec', () => {
	it('turns listed columns into the whole table, with encodings, NOT NULL and comments', () => {
		expect(
			createTableSpec(
				[
					{ name: 'id', type: 'BIGINT', nullable: false, encoding: 'AZ64' },
					{ name: 'note', type: 'VARCHAR(10)', comment: 'free text' },
					{ name: '  ' },
				],
				'listed',
				{
					distStyle: 'KEY',
					distKey: 'id',
					sortKeyStyle: 'INTERLEAVED',
					sortKeyColumns: 'id, note',
					primaryKey: 'id',
					comment: 'orders',
				},
			),
		).toEqual({
			columns: [
				{ name: 'id', type: 'BIGINT', nullable: false, encoding: 'AZ64' },
				{ name: 'note', type: 'VARCHAR(10)', nullable: true, comment: 'free text' },
			],
			distKey: 'id',
			distStyle: 'KEY',
			sortKey: { style: 'INTERLEAVED', columns: ['id', 'note'] },
			primaryKey: ['id'],
			comment: 'orders',
		});
	});

	it('turns column settings into overrides of inferred columns', () => {
		expect(
			createTableSpec(
				[
					{ name: 'Name', type: 'VARCHAR(64)', encoding: 'ZSTD', comment: 'who' },
					{ name: 'id', encoding: 'RAW' },
				],
				'infer',
				{ sortKeyStyle: 'AUTO' },
			),
		).toEqual({
			types: { Name: 'VARCHAR(64)' },
			encodings: { Name: 'ZSTD', id: 'RAW' },
			columnComments: { Name: 'who' },
			sortKey: { style: 'AUTO' },
		});
	});

	it('refuses a listed column without a type and a KEY dist style without a key', () => {
		expect(() => createTableSpec([{ name: 'id' }], 'listed', {})).toThrow(/"id" has no type/);
		expect(() => createTableSpec([], 'listed', {})).toThrow(/no column is listed/);
		expect(() => createTableSpec([], 'infer', { distStyle: 'KEY' })).toThrow(/no Dist Key column/);
	});
});
