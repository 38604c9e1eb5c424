import { NodeHelpers, Workflow, type INodeType, type INodeTypes } from 'n8n-workflow';

import { RedshiftSink } from '../../../nodes/RedshiftSink/RedshiftSink.node';
import { readSettings } from '../../../nodes/RedshiftSink/helpers/settings';
import { FakeExecution, locator } from '../../support/n8n/fakeExecuteFunctions';

/**
 * The node's parameters as n8n resolves a saved node (NodeHelpers.getNodeParameters with the
 * node's own properties: defaults added, hidden parameters dropped), read into settings.
 */
const settingsFor = (parameters: Record<string, unknown>) =>
	readSettings(new FakeExecution({ parameters }).context);

const STAGING = { bucket: 'staging-bucket', iamRole: 'default' };

describe('Sink parameters through n8n resolution', () => {
	it('gives Append in write mode Copy with the defaults when only the table and staging are set', () => {
		const settings = settingsFor({ ...STAGING, table: locator('orders') });
		expect(settings).toMatchObject({
			operation: 'append',
			writeMode: 'copy',
			table: { schema: 'public', name: 'orders' },
			batchSize: 500,
			staging: {
				bucket: 'staging-bucket',
				prefix: 'n8n-redshift-sink',
				authorization: { iamRoles: ['default'] },
				format: 'csv',
				compression: 'gzip',
			},
			createIfMissing: false,
			extraFields: 'error',
			nulBytes: 'error',
			caseSensitive: false,
			superStringsAreJson: false,
			columnFit: { longValues: 'widen', oversizeValues: 'fail' },
			hooks: { before: [], after: [] },
			copy: {},
			keepStagedFiles: false,
		});
	});

	it('keeps Schema and Table for Append although the hidden Target Table defaults to the source tables', () => {
		const settings = settingsFor({ ...STAGING, table: locator('orders') });
		expect(settings.table).toEqual({ schema: 'public', name: 'orders' });
	});

	it("survives n8n's own Workflow, which resolves a saved node's parameters the same way", () => {
		const sink: INodeType = new RedshiftSink();
		const nodeTypes = {
			getByName: () => sink,
			getByNameAndVersion: () => sink,
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const saved = { table: locator('orders'), bucket: 'b' };
		const workflow = new Workflow({
			nodes: [
				{
					id: '1',
					name: 'Redshift Sink',
					type: 'n8n-nodes-redshift-cdc.redshiftSink',
					typeVersion: 1,
					position: [0, 0],
					parameters: saved,
				},
			],
			connections: {},
			active: false,
			nodeTypes,
		});
		expect(workflow.nodes['Redshift Sink'].parameters).toMatchObject({
			operation: 'append',
			schema: { value: 'public' },
			table: saved.table,
		});
	});

	it('keeps Schema and Table for Apply Changelog to One Table, and drops them for the source tables', () => {
		const changelog = { ...STAGING, operation: 'changelog', table: locator('orders') };
		expect(
			settingsFor({ ...changelog, changelogTarget: 'fixedTable', schema: locator('replica') })
				.table,
		).toEqual({ schema: 'replica', name: 'orders' });
		expect(settingsFor(changelog).table).toBeUndefined();
	});

	it('gives Insert mode no staging, and the batch size from Options', () => {
		const settings = settingsFor({
			table: locator('orders'),
			writeMode: 'insert',
			bucket: 'ignored',
			options: { batchSize: 50 },
		});
		expect(settings).toMatchObject({ writeMode: 'insert', batchSize: 50 });
		expect(settings.staging).toBeUndefined();
	});

	it('reads the staging layout from Copy Options, without compression for Parquet', () => {
		expect(
			settingsFor({
				...STAGING,
				table: locator('orders'),
				copyAuthorization: 'stagingCredentials',
				copyOptions: { prefix: '/runs/', fileFormat: 'jsonl', compression: 'zstd' },
			}).staging,
		).toEqual({
			bucket: 'staging-bucket',
			prefix: 'runs',
			authorization: 'credentialKeys',
			format: 'jsonl',
			compression: 'zstd',
		});
		expect(
			settingsFor({ ...STAGING, table: locator('t'), copyOptions: { fileFormat: 'parquet' } })
				.staging,
		).toEqual({
			bucket: 'staging-bucket',
			prefix: 'n8n-redshift-sink',
			authorization: { iamRoles: ['default'] },
			format: 'parquet',
		});
	});
});

describe('Sink editor layout', () => {
	const description = new RedshiftSink().description;
	const properties = description.properties;
	const node = { typeVersion: 1 };
	const named = (name: string) => properties.filter((property) => property.name === name);
	/** The display names n8n shows, in order, for these parameter values (its own display check). */
	const shown = (parameters: Record<string, unknown>) => {
		const values = new FakeExecution({ parameters }).resolvedFor(0);
		return properties
			.filter((property) => NodeHelpers.displayParameter(values, property, node, description))
			.map((property) => property.displayName);
	};

	it('lists the operations by their one name each', () => {
		expect(
			named('operation')[0].options?.map((option) => (option as { name: string }).name),
		).toEqual(['Append', 'Apply Changelog', 'Overwrite', 'Upsert']);
		expect(new RedshiftSink().description.subtitle).toContain('$parameter["operation"]');
	});

	it('keeps S3 Prefix, File Format and Compression in Copy Options and Batch Size in Options', () => {
		for (const name of ['prefix', 'fileFormat', 'compression', 'batchSize'])
			expect(named(name)).toEqual([]);
		const inside = (collection: string) =>
			(named(collection)[0].options ?? []).map((option) => (option as { name: string }).name);
		expect(inside('copyOptions')).toEqual(
			expect.arrayContaining(['prefix', 'fileFormat', 'compression']),
		);
		expect(inside('options')).toEqual(
			expect.arrayContaining(['batchSize', 'changelogMissingToast']),
		);
	});

	it('shows Append in Copy mode with few fields up front, including the first-item notice', () => {
		expect(shown({ table: locator('t') })).toEqual([
			'Operation',
			'Schema',
			'Table',
			expect.stringMatching(
				/^All items load in one transaction with the parameters of the first item/,
			),
			'Columns',
			'Write Mode',
			'S3 Bucket',
			'COPY Authorization',
			'IAM Role',
			'Copy Options',
			'Create Table If Missing',
			'Options',
		]);
	});

	it('shows the first-item notice wherever Table is shown, not for events routed to their source tables', () => {
		const notice = /^All items load in one transaction/;
		expect(shown({ operation: 'changelog' })).not.toContainEqual(expect.stringMatching(notice));
		expect(shown({ operation: 'changelog', changelogTarget: 'fixedTable' })).toEqual(
			expect.arrayContaining(['Table', expect.stringMatching(notice), 'Key Column Names or IDs']),
		);
	});

	it('hides the changelog key list, which reads the Table, when events go to their source tables', () => {
		const resolved = (target: string) =>
			new FakeExecution({
				parameters: { operation: 'changelog', changelogTarget: target, changelogKeys: ['id'] },
			});
		expect(resolved('sourceTable').parameter('changelogKeys', 0)).toBeUndefined();
		expect(resolved('fixedTable').parameter('changelogKeys', 0)).toEqual(['id']);
	});

	it('links the documentation to this package README', () => {
		const description = new RedshiftSink().description;
		expect(description.documentationUrl).toMatch(/n8n-nodes-redshift-cdc#redshift-sink$/);
		expect(JSON.stringify(properties)).not.toMatch(/always stage in S3|Create or Update/);
	});
});
