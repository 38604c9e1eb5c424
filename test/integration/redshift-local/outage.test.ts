import { Client } from 'pg';

import { startLocalRedshift } from '../../support/localRedshift';

describe('an outage of the local Redshift (tests)', () => {
	it('takes the fronts down and brings them back on the same ports with the data', async () => {
		const local = await startLocalRedshift('outage', {});
		try {
			const before = new Client(local.pgConfig);
			// The outage cuts the connection: the client reports it on its error event too.
			before.on('error', () => undefined);
			await before.connect();
			await before.query('CREATE TABLE survives (id int)');
			await before.query('INSERT INTO survives VALUES (1)');
			const dataApiEndpoint = local.dataApiEndpoint;
			await local.takeDown();
			await expect(before.query('SELECT 1')).rejects.toThrow();
			await before.end().catch(() => undefined);
			await expect(new Client(local.pgConfig).connect()).rejects.toThrow();

			await local.bringBack();
			expect(local.instance.dataApi?.endpoint).toBe(dataApiEndpoint);
			const after = new Client(local.pgConfig);
			await after.connect();
			expect((await after.query('SELECT count(*)::int AS n FROM survives')).rows).toEqual([
				{ n: 1 },
			]);
			await after.end();
		} finally {
			await local.stop();
		}
	});
});
