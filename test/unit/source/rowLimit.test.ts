import { collectWithinLimit } from '../../../nodes/RedshiftSource/helpers/rowLimit';

/** Ten pages of two rows that record how far they were read and whether the reader let go. */
function pagesOfTwo() {
	const seen = { pages: 0, closed: false };
	async function* pages() {
		try {
			for (let page = 0; page < 10; page++) {
				seen.pages++;
				yield [{ n: page * 2 }, { n: page * 2 + 1 }];
			}
		} finally {
			seen.closed = true;
		}
	}
	return { seen, pages: pages() };
}

describe('Max Rows guard', () => {
	it('stops at the first page over the limit, closes the stream, then counts', async () => {
		const { seen, pages } = pagesOfTwo();
		let counted = false;
		await expect(
			collectWithinLimit(
				pages,
				3,
				async () => {
					counted = true;
					return 20;
				},
				'direct',
			),
		).rejects.toThrow('The result has 20 rows, more than Max Rows (3); nothing was returned.');
		expect(seen).toEqual({ pages: 2, closed: true });
		expect(counted).toBe(true);
	});

	it('returns every row when the result fits, without counting', async () => {
		const { pages } = pagesOfTwo();
		const rows = await collectWithinLimit(
			pages,
			20,
			async () => {
				throw new Error('no count needed');
			},
			'direct',
		);
		expect(rows).toHaveLength(20);
	});
});
