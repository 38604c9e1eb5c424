import { Readable } from 'node:stream';

import { FakeExecution, locator } from '../../support/n8n/fakeExecuteFunctions';

describe('the fake execute context', () => {
	it('resolves per-item parameters through n8n and reads the others once', () => {
		const execution = new FakeExecution({
			parameters: {
				table: locator('t'),
				columns: {
					mappingMode: 'defineBelow',
					value: { id: (index: number) => index * 10 },
				},
			},
			items: [{ json: {} }, { json: {} }],
		});
		const get = execution.context.getNodeParameter;
		expect(get('columns.value', 1)).toEqual({ id: 10 });
		expect(get('table', 0, '', { extractValue: true })).toBe('t');
		expect(get('writeMode', 0)).toBe('copy');
		expect(get('noSuchParameter', 0, 'fallback')).toBe('fallback');
		expect(() => get('noSuchParameter', 0)).toThrow(/Could not get parameter/);
	});

	it('models static data, the mode, binary files and execution hints', async () => {
		const staticData = { position: 1 };
		const execution = new FakeExecution({ parameters: {}, staticData, mode: 'trigger' });
		const { context } = execution;
		expect(context.getMode()).toBe('trigger');
		(context.getWorkflowStaticData('node') as { position: number }).position = 2;
		expect(staticData.position).toBe(2);
		const fromBuffer = await context.helpers.prepareBinaryData(
			Buffer.from('a,b\n'),
			'rows.csv',
			'text/csv',
		);
		await context.helpers.prepareBinaryData(Readable.from([Buffer.from('xy')]));
		expect(fromBuffer).toMatchObject({
			mimeType: 'text/csv',
			fileName: 'rows.csv',
			fileExtension: 'csv',
			fileSize: '4',
		});
		expect(execution.binaries.map((file) => file.bytes.toString())).toEqual(['a,b\n', 'xy']);
		context.addExecutionHints({ message: 'careful', type: 'warning' });
		expect(execution.hints).toEqual([{ message: 'careful', type: 'warning' }]);
	});
});
