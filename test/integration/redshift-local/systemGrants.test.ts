import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { startLocalRedshift } from '../../support/localRedshift';

/** A plain (non-superuser) login sees Redshift's system views and can run COPY, as on Redshift. */
describe('local Redshift system objects for ordinary users', () => {
	it('lets a non-superuser read stl_load_errors and pg_table_def', async () => {
		const local = await startLocalRedshift('grants');
		const password = randomBytes(8).toString('hex');
		const role = `plain_${randomBytes(4).toString('hex')}`; // roles are cluster-wide: unique per run
		const admin = new Client(local.pgConfig);
		await admin.connect();
		try {
			await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
			await admin.query('CREATE TABLE owned (id int) DISTSTYLE EVEN');
			await admin.query(`GRANT SELECT ON owned TO ${role}`);
			const user = new Client({ ...local.pgConfig, user: role, password });
			await user.connect();
			try {
				const errors = await user.query('SELECT count(*) AS n FROM stl_load_errors');
				expect(errors.rows).toEqual([{ n: '0' }]);
				const def = await user.query(
					'SELECT "column" FROM pg_table_def WHERE tablename = \'owned\'',
				);
				expect(def.rows).toEqual([{ column: 'id' }]);
			} finally {
				await user.end();
			}
		} finally {
			await admin.query('DROP TABLE IF EXISTS owned').catch(() => undefined);
			await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
			await admin.end();
			await local.stop();
		}
	});
});
