import { RedshiftApi } from '../../../credentials/RedshiftApi.credentials';
import { RedshiftS3StagingApi } from '../../../credentials/RedshiftS3StagingApi.credentials';
import { RedshiftSink } from '../../../nodes/RedshiftSink/RedshiftSink.node';
import { fieldTypeOf } from '../../../nodes/RedshiftSink/methods/resourceMapping';

describe('node and credential descriptions', () => {
	const sink = new RedshiftSink();

	it('tests every credential with a method the node has', () => {
		for (const credential of sink.description.credentials ?? []) {
			expect(Object.keys(sink.methods.credentialTest)).toContain(credential.testedBy);
		}
		expect(sink.description.credentials?.map((credential) => credential.name)).toEqual([
			new RedshiftApi().name,
			new RedshiftS3StagingApi().name,
		]);
	});

	it('points every list, mapper and options method at one the node has', () => {
		const json = JSON.stringify(sink.description.properties);
		for (const [, method] of json.matchAll(/"searchListMethod":"(\w+)"/g))
			expect(Object.keys(sink.methods.listSearch)).toContain(method);
		for (const [, method] of json.matchAll(/"resourceMapperMethod":"(\w+)"/g))
			expect(Object.keys(sink.methods.resourceMapping)).toContain(method);
		for (const [, method] of json.matchAll(/"loadOptionsMethod":"(\w+)"/g))
			expect(Object.keys(sink.methods.loadOptions)).toContain(method);
		expect(json).toContain('"loadOptionsMethod":"getColumns"');
	});

	it("maps Redshift types to the editor's field types", () => {
		expect(
			[
				'bigint',
				'numeric',
				'double precision',
				'boolean',
				'timestamp with time zone',
				'date',
				'time without time zone',
				'super',
				'character varying',
			].map(fieldTypeOf),
		).toEqual([
			'number',
			'number',
			'number',
			'boolean',
			'dateTime',
			'dateTime',
			'time',
			'object',
			'string',
		]);
	});
});
