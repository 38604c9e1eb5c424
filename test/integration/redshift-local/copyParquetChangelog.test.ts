import { changelogLoad, ROW_POSITION_COLUMN, type ChangeEvent } from '../../../nodes/shared/loads';
import { change, startLoadHarness, type LoadHarness } from '../loads/loadHarness';

/**
 * Apply Changelog stages its positions (commit LSN × 2^32 + event index) as NUMERIC(38,0). A real
 * server's LSNs make them far larger than 2^53, so through Parquet staging the local Redshift's COPY
 * must read DECIMAL exactly: rounded, neighbouring changes share one position and later ones look
 * already applied.
 */
describe('Apply Changelog with Parquet staging: positions beyond 2^53', () => {
	let harness: LoadHarness;
	beforeAll(async () => {
		harness = await startLoadHarness('cl_parquet_positions');
	});
	afterAll(async () => await harness.stop());

	let runs = 0;
	const apply = async (events: ChangeEvent[]) =>
		await changelogLoad({
			connection: harness.connections.wire,
			table: { name: 'cl_big_positions' },
			events,
			staging: harness.staging(`cl-big-positions-${++runs}`, { format: 'parquet' }),
		});
	const position = (lsn: bigint, index: number) => ((lsn << 32n) + BigInt(index)).toString();

	it('keeps every row and each row position exact, across batches of one transaction', async () => {
		await harness.reader.query({
			text: 'CREATE TABLE cl_big_positions (id BIGINT, name VARCHAR(20))',
		});
		const [first, second] = [0x16b374d848n, 0x16b374d9a0n];
		expect(first << 32n > 2n ** 53n).toBe(true);
		const lsn = (value: bigint) =>
			`${(value >> 32n).toString(16)}/${(value & 0xffffffffn).toString(16)}`;

		const firstBatch = await apply([
			change('c', lsn(first), 0, { id: 1, name: 'one' }),
			change('c', lsn(first), 1, { id: 2, name: 'two' }),
			change('c', lsn(first), 2, { id: 4, name: 'four' }),
		]);
		expect(firstBatch.position).toBe(position(first, 2));
		// The same transaction goes on in the next batch, then the next transaction.
		await apply([
			change('u', lsn(first), 3, { id: 1, name: 'one v2' }),
			change('c', lsn(first), 4, { id: 5, name: 'five' }),
			change('d', lsn(second), 0, { id: 2 }),
			change('c', lsn(second), 1, { id: 3, name: 'three' }),
			change('u', lsn(second), 2, { id: 5, name: 'five v2' }),
		]);

		expect(
			await harness.rows(
				`SELECT id, name, CAST(${ROW_POSITION_COLUMN} AS VARCHAR(40)) AS position FROM cl_big_positions ORDER BY id`,
			),
		).toEqual([
			{ id: '1', name: 'one v2', position: position(first, 3) },
			{ id: '3', name: 'three', position: position(second, 1) },
			{ id: '4', name: 'four', position: position(first, 2) },
			{ id: '5', name: 'five v2', position: position(second, 2) },
		]);
	});
});
