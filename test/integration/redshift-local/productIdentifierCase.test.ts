import { Client } from 'pg';

import { insertRows } from '../../../nodes/shared/loads';
import { WireConnection } from '../../../nodes/shared/redshift/connection/wire/wireConnection';
import { startLocalRedshift, type LocalRedshiftForTests } from '../../support/localRedshift';

/**
 * The Sink's "Case-Sensitive Identifiers" option is meant for a cluster whose parameter group turns
 * enable_case_sensitive_identifier on: against such a local Redshift the product's loads keep the case.
 */
describe('the product with case-sensitive identifiers on a cluster that has them on', () => {
	let local: LocalRedshiftForTests;
	let connection: WireConnection;

	beforeAll(async () => {
		local = await startLocalRedshift('product_case', {
			dataApi: false,
			caseSensitiveIdentifiers: true,
		});
		connection = new WireConnection({
			host: local.instance.wire.host,
			port: local.instance.wire.port,
			database: local.database,
			user: String(local.pgConfig.user),
			password: String(local.pgConfig.password),
			ssl: 'disable',
		});
	});
	afterAll(async () => {
		await connection.close();
		await local.stop();
	});

	it('creates "MixedCase" with "OrderId", finds it again on the next load and appends', async () => {
		const load = async (orderId: number) =>
			await insertRows({
				connection,
				table: { name: 'MixedCase' },
				items: [{ OrderId: orderId, Note: `n${orderId}` }],
				createIfMissing: true,
				caseSensitive: true,
			});
		await load(1);
		await load(2);
		const client = new Client(local.pgConfig);
		await client.connect();
		try {
			const result = await client.query('SELECT "OrderId", "Note" FROM "MixedCase" ORDER BY 1');
			expect(result.rows).toEqual([
				{ OrderId: '1', Note: 'n1' },
				{ OrderId: '2', Note: 'n2' },
			]);
			await expect(client.query('SELECT * FROM mixedcase')).rejects.toThrow(/does not exist/);
		} finally {
			await client.end();
		}
	});
});
