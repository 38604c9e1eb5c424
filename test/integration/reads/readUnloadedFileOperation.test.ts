import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { execute } from '../../../nodes/RedshiftSource/actions/readUnloadedFile.operation';
import { unloadedFileJson } from '../../../nodes/RedshiftSource/helpers/unloadedFileItem';
import { runUnload, type UnloadResult } from '../../../nodes/shared/reads';
import { startLoadHarness, type LoadHarness } from '../loads/loadHarness';
import { testServers, uniquePrefix } from '../../support/testServers';

/** Just what the operation reaches for: its input items and the File URL parameter per item. */
function context(items: INodeExecutionData[], fileUrl = (index: number) => items[index].json.url) {
	return {
		getInputData: () => items,
		getNodeParameter: (name: string, index: number) => {
			if (name !== 'fileUrl') throw new Error(`unexpected parameter ${name}`);
			return fileUrl(index);
		},
	} as unknown as IExecuteFunctions;
}

describe('Read Unloaded File', () => {
	let harness: LoadHarness;
	let unloaded: UnloadResult;

	beforeAll(async () => {
		harness = await startLoadHarness('reads_read_file_op');
		await harness.reader.query({
			text: `CREATE TABLE items AS SELECT g::bigint AS id, 'n' || g AS note FROM generate_series(1, 1000) g`,
		});
		const { s3: s3Server } = testServers();
		unloaded = await runUnload({
			connection: harness.connections.wire,
			s3: harness.s3,
			statement: { text: 'SELECT * FROM items' },
			prefixUrl: `s3://${harness.bucket}/${uniquePrefix('read-file-op')}`,
			authorization: {
				accessKeyId: s3Server.accessKeyId,
				secretAccessKey: s3Server.secretAccessKey,
			},
			format: 'csv',
		});
	});
	afterAll(async () => {
		await unloaded.deleteFiles();
		await harness.stop();
	});

	const fileItems = () =>
		unloaded.files.map((file, index) => ({
			json: unloadedFileJson(file, index, unloaded.files.length),
		}));
	const run = (maxRows = 100_000) => ({
		s3: harness.s3,
		pageSize: 100,
		numbers: 'native' as const,
		maxRows,
	});

	it('reads each input file into items paired with it', async () => {
		const items = fileItems();
		expect(items.length).toBeGreaterThan(1);
		const out = await execute.call(context(items), run());
		expect(out).toHaveLength(1000);
		const first = out.filter((item) => (item.pairedItem as { item: number }).item === 0);
		expect(first).toHaveLength(unloaded.files[0].rowCount);
		expect(out.map((item) => item.json.id as number).sort((a, b) => a - b)[999]).toBe(1000);
		expect(out[0].json).toEqual({ id: expect.any(Number), note: expect.stringMatching(/^n\d+$/) });
	});

	it('fails before reading when the manifest row counts pass Max Rows, saying what to do', async () => {
		await expect(execute.call(context(fileItems()), run(10))).rejects.toMatchObject({
			message: expect.stringMatching(/more than Max Rows \(10\); nothing was returned/),
			fix: expect.stringMatching(/Loop Over Items/),
		});
	});

	it('names the problem when the item does not describe a CSV file', async () => {
		const items = [{ json: { url: unloaded.files[0].url } }];
		await expect(execute.call(context(items), run())).rejects.toThrow(
			/column types are not on the input item/,
		);
	});
});
