import { NodeHelpers, type INode, type INodeParameters } from 'n8n-workflow';

import { RedshiftSource } from '../../../nodes/RedshiftSource/RedshiftSource.node';

const description = new RedshiftSource().description;

const node: INode = {
	id: 'source-1',
	name: 'Redshift Source',
	type: 'n8n-nodes-redshift-cdc.redshiftSource',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** The parameters as n8n keeps them for a saved node: defaults filled, hidden ones dropped. */
function resolved(values: INodeParameters): INodeParameters {
	return (
		NodeHelpers.getNodeParameters(description.properties, values, true, false, node, description) ??
		{}
	);
}

function credentialShown(name: string, values: INodeParameters): boolean {
	const credential = description.credentials?.find((entry) => entry.name === name);
	if (!credential) return false;
	return NodeHelpers.displayParameter(resolved(values), credential, node, description);
}

describe('Redshift Source description', () => {
	it('defaults to Read Table, Direct, Rows as Items', () => {
		expect(resolved({})).toMatchObject({
			operation: 'readTable',
			readMode: 'direct',
			output: 'rows',
		});
	});

	it('asks for the S3 staging credential in Unload mode and for Read Unloaded File only', () => {
		expect(credentialShown('redshiftApi', {})).toBe(true);
		expect(credentialShown('redshiftS3StagingApi', {})).toBe(false);
		expect(credentialShown('redshiftS3StagingApi', { readMode: 'unload' })).toBe(true);
		expect(
			credentialShown('redshiftS3StagingApi', { operation: 'executeQuery', readMode: 'unload' }),
		).toBe(true);
		expect(credentialShown('redshiftS3StagingApi', { operation: 'readUnloadedFile' })).toBe(true);
	});

	it('provides the test each credential names, and the shared pickers', () => {
		const methods = new RedshiftSource().methods;
		for (const credential of description.credentials ?? []) {
			expect(Object.keys(methods.credentialTest)).toContain(credential.testedBy);
		}
		expect(Object.keys(methods.listSearch)).toEqual(['schemaSearch', 'tableSearch']);
		expect(Object.keys(methods.loadOptions)).toEqual(['getColumns']);
	});

	it('offers Unloaded Files only in Unload mode', () => {
		const outputs = description.properties
			.filter((property) => property.name === 'output')
			.map((property) => ({
				modes: property.displayOptions?.show?.readMode,
				values: (property.options ?? []).map((option) => (option as { value: string }).value),
			}));
		expect(outputs).toEqual([
			{ modes: ['direct'], values: ['rows', 'binaryFile'] },
			{ modes: ['unload'], values: ['rows', 'unloadedFiles', 'binaryFile'] },
		]);
	});

	it('shows the IAM role notice only when Unload authorizes by role', () => {
		const shown = (values: INodeParameters) => 'iamRoleNotice' in resolved(values);
		expect(shown({ readMode: 'unload' })).toBe(true);
		expect(shown({ readMode: 'unload', unloadAuthorization: 'stagingCredentials' })).toBe(false);
		expect(shown({ readMode: 'direct' })).toBe(false);
	});

	it('has the page size and Max Rows defaults the README names', () => {
		const options = description.properties.find((property) => property.name === 'options');
		const defaults = Object.fromEntries(
			((options?.options ?? []) as Array<{ name: string; default: unknown }>).map((option) => [
				option.name,
				option.default,
			]),
		);
		expect(defaults).toMatchObject({ pageSize: 10_000, maxRows: 100_000 });
	});
});
