import { buildUnload } from '../../../nodes/shared/redshift/sql/unload';

describe('buildUnload nesting a query', () => {
	it('puts the closing parenthesis on its own line after a -- comment', () => {
		const sql = buildUnload({
			query: 'SELECT a FROM t LIMIT 10 -- ten',
			to: 's3://b-1/u/',
			authorization: { iamRole: 'default' },
			nestQuery: true,
		});
		expect(sql).toContain(
			`UNLOAD ('SELECT * FROM (SELECT a FROM t LIMIT 10 -- ten\n) AS "_n8n_unload"')`,
		);
	});
});
