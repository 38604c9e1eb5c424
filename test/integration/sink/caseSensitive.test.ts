import { locator } from '../../support/n8n/fakeExecuteFunctions';
import { asItems, startSinkHarness, TRANSPORTS, type SinkHarness } from './sinkHarness';

const parameters = {
	writeMode: 'insert',
	table: locator('MixedCase'),
	createTable: true,
	options: { caseSensitive: true },
};

/**
 * Case-Sensitive Identifiers needs enable_case_sensitive_identifier on in Redshift; where it is off,
 * Redshift folds "MixedCase" to mixedcase, so the Sink refuses instead of loading into another table.
 */
describe.each(TRANSPORTS)('Redshift Sink: Case-Sensitive Identifiers over %s', (transport) => {
	describe('on a cluster that folds quoted names (the default)', () => {
		let h: SinkHarness;
		beforeAll(async () => {
			h = await startSinkHarness(`sink_case_fold_${transport.toLowerCase()}`);
		});
		afterAll(async () => await h.stop());

		it('refuses with the setting to change, and creates or loads nothing', async () => {
			await expect(h.run(transport, parameters, asItems([{ Id: 1 }]))).rejects.toThrow(
				/enable_case_sensitive_identifier is off.*parameter group.*or turn Case-Sensitive Identifiers off/,
			);
			expect(
				await h.rows(
					"SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND lower(table_name) = 'mixedcase'",
				),
			).toEqual([]);
		});
	});

	describe('on a cluster with enable_case_sensitive_identifier on', () => {
		let h: SinkHarness;
		beforeAll(async () => {
			h = await startSinkHarness(`sink_case_keep_${transport.toLowerCase()}`, {
				caseSensitiveIdentifiers: true,
			});
		});
		afterAll(async () => await h.stop());

		it('keeps upper case in the table and column names', async () => {
			const { output } = await h.run(transport, parameters, asItems([{ Id: 1 }, { Id: 2 }]));
			expect(output[0].json).toMatchObject({ rowsLoaded: 2 });
			expect(await h.rows('SELECT "Id" FROM "MixedCase" ORDER BY "Id"')).toEqual([
				{ Id: '1' },
				{ Id: '2' },
			]);
		});
	});
});
