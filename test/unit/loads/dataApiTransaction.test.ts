import {
	assertOneDataApiTransaction,
	DataApiTransactionTooLargeError,
	LoadSetupError,
} from '../../../nodes/shared/loads';
import type { RedshiftConnection } from '../../../nodes/shared/redshift/connection/types';

/** Only the transport is read; anything else the check touched would throw. */
const connection = (transport: 'wire' | 'dataApi') =>
	new Proxy({ transport } as RedshiftConnection, {
		get: (target, key) => {
			if (key === 'transport') return target.transport;
			throw new Error(`The check must not use the connection's ${String(key)}`);
		},
	});

const inserts = (count: number, rowsEach: number) =>
	Array.from({ length: count }, (_, index) => ({ firstItem: index * rowsEach }));

const hooks = (before: number, after: number) => ({
	before: Array.from({ length: before }, () => ({ text: 'SELECT 1' })),
	after: Array.from({ length: after }, () => ({ text: 'SELECT 2' })),
});

const check =
	(
		options: Partial<Parameters<typeof assertOneDataApiTransaction>[0]>,
		load: Partial<Parameters<typeof assertOneDataApiTransaction>[1]> = {},
	) =>
	() =>
		assertOneDataApiTransaction(
			{ connection: connection('dataApi'), table: { name: 't' }, ...options },
			{ quotedTable: '"t"', because: 'a reason', statements: 0, ...load },
		);

describe('assertOneDataApiTransaction: the one Data API size check of every load', () => {
	it('lets through anything on the wire, and up to 40 statements (SQL before/after counted) on the Data API', () => {
		expect(() =>
			assertOneDataApiTransaction(
				{ connection: connection('wire'), table: { name: 't' }, hooks: hooks(30, 30) },
				{ quotedTable: '"t"', because: 'x', statements: 500 },
			),
		).not.toThrow();
		expect(check({ hooks: hooks(1, 1) }, { statements: 38 })).not.toThrow();
		expect(check({ hooks: hooks(1, 1) }, { statements: 39 })).toThrow(
			DataApiTransactionTooLargeError,
		);
	});

	it('says why, how many rows fit, and the three ways out: Copy, a larger Batch Size, a direct connection', () => {
		const tooLarge = check(
			{ writeMode: 'insert', insert: { batchSize: 10 }, hooks: hooks(1, 1) },
			{
				because: 'the SQL before/after the load shares its transaction',
				statements: 42,
				inserts: inserts(40, 10),
				rowCount: 400,
				columns: 3,
			},
		);
		expect(tooLarge).toThrow(LoadSetupError);
		expect(tooLarge).toThrow(
			'Loading into "t" over the Data API must be one transaction (the SQL before/after the load shares its transaction), and a Data API transaction runs at most 40 statements. ' +
				'These 400 items need 40 INSERT statement(s) of up to 10 rows plus 4 other statement(s) (2 of them the SQL before/after the load), so at most 360 items fit. ' +
				'Nothing was sent. To load it, use write mode Copy (stage in S3), set a larger Batch Size (up to 2000 rows fit one INSERT here), or use a direct connection (no statement limit).',
		);
	});

	it('does not suggest a larger Batch Size when INSERTs are already as large as the parameter limit allows', () => {
		expect(
			check(
				{ writeMode: 'insert', insert: { batchSize: 5000 } },
				{ statements: 45, inserts: inserts(45, 3000), rowCount: 135000, columns: 2 },
			),
		).toThrow(
			/send fewer items per run \(Batch Size is already at the 3000 rows that fit one INSERT here\)/,
		);
	});

	it('for a COPY load, names the statements and the alternative the load knows', () => {
		expect(
			check(
				{ hooks: hooks(0, 2) },
				{
					statements: 41,
					otherwise: 'set REPLICA IDENTITY FULL on the source table',
				},
			),
		).toThrow(
			'It needs 43 statements (2 of them the SQL before/after the load). Nothing was sent. To load it, use fewer statements in SQL Before/After the Load, set REPLICA IDENTITY FULL on the source table, or use a direct connection (no statement limit).',
		);
	});
});
