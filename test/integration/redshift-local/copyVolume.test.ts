import { CopyHarness, ROLE } from './copyHarness';

/** Enough rows to span several files and several COPY FROM STDIN chunks. */
describe('COPY of many rows', () => {
	let harness: CopyHarness;

	beforeAll(async () => {
		harness = await CopyHarness.start('copy_volume');
	});
	afterAll(async () => await harness.close());

	it('loads every row of several gzipped CSV files exactly once', async () => {
		await harness.run(
			'CREATE TABLE events (id int8, kind varchar(16), amount numeric(12,2), at timestamp)',
		);
		const perFile = 40_000;
		for (let file = 0; file < 3; file++) {
			const lines: string[] = [];
			for (let row = 0; row < perFile; row++) {
				const id = file * perFile + row;
				lines.push(
					`${id},"kind,${id % 7}",${(id % 1000) / 100},2026-01-01 00:00:${String(id % 60).padStart(2, '0')}`,
				);
			}
			await harness.put(`volume/part-${file}.csv.gz`, `${lines.join('\n')}\n`, 'gzip');
		}
		const result = await harness.run(
			`COPY events FROM '${harness.url('volume/')}' ${ROLE} CSV GZIP`,
		);
		expect(result.rowCount).toBe(3 * perFile);
		expect(
			await harness.rows(
				'SELECT count(DISTINCT id), min(id), max(id), sum(amount), count(DISTINCT kind) FROM events',
			),
		).toEqual([[String(3 * perFile), '0', String(3 * perFile - 1), '599400.00', '7']]);
	});
});
