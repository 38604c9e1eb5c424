import { parseUnloadManifest } from '../../../nodes/shared/reads/unloadManifest';

describe('UNLOAD manifest', () => {
	it('reads entries and the VERBOSE schema in the format Redshift really writes', () => {
		const manifest = parseUnloadManifest(
			JSON.stringify({
				entries: [
					{ url: 's3://b/p/0000_part_00.gz', meta: { content_length: 32295, record_count: 10 } },
				],
				schema: {
					elements: [
						{ name: 'id', type: { base: 'bigint' } },
						{ name: 'valor', type: { base: 'numeric', precision: 18, scale: 2 } },
						{ name: 'descricao', type: { base: 'character varying', byte_length: 200 } },
					],
				},
				meta: { content_length: 32295, record_count: 10 },
				author: { name: 'Amazon Redshift', version: '1.0.0' },
			}),
			's3://b/p/manifest',
		);
		expect(manifest.files).toEqual([
			{ url: 's3://b/p/0000_part_00.gz', contentLength: 32295, recordCount: 10 },
		]);
		expect(manifest.columns).toEqual([
			{ name: 'id', kind: 'bigint', type: 'bigint' },
			{ name: 'valor', kind: 'numeric', type: 'numeric(18,2)' },
			{ name: 'descricao', kind: 'varchar', type: 'character varying(200)' },
		]);
	});

	it('names the manifest when it is not JSON or an entry has no url', () => {
		expect(() => parseUnloadManifest('{ "base": "character varying", 25 }', 's3://b/m')).toThrow(
			/The UNLOAD manifest s3:\/\/b\/m is not valid JSON/,
		);
		expect(() => parseUnloadManifest('{"entries":[{}]}', 's3://b/m')).toThrow(
			'Entry 0 of the UNLOAD manifest s3://b/m has no url.',
		);
	});
});
