import type { IDataObject } from 'n8n-workflow';

import { cdcTriggerProperties } from '../../../nodes/PostgresCdcTrigger/description/properties';
import {
	formatQualifiedTable,
	parseQualifiedTable,
} from '../../../nodes/PostgresCdcTrigger/options/qualifiedName';
import {
	derivedName,
	readTriggerOptions,
} from '../../../nodes/PostgresCdcTrigger/options/triggerOptions';
import { PostgresCdcTrigger } from '../../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node';
import {
	readReplicationCredential,
	toConnectionOptions,
} from '../../../nodes/PostgresCdcTrigger/transport/connectionOptions';

const ids = { workflowId: 'wf-42', nodeId: 'node-7' };

/** Reads parameters the way n8n does: the stored value, or the parameter's default from the description. */
function reader(parameters: IDataObject) {
	const defaults = Object.fromEntries(
		cdcTriggerProperties.map((property) => [property.name, property.default]),
	);
	return (name: string, fallback: unknown) => parameters[name] ?? defaults[name] ?? fallback;
}

describe('trigger parameters → options', () => {
	it('maps the defaults to safe options: durable derived names, after-success acknowledgement, text values', () => {
		const options = readTriggerOptions(reader({ tables: ['public.orders'] }), ids);
		expect(options).toEqual({
			capture: { kind: 'tables', tables: [{ schema: 'public', table: 'orders' }] },
			operations: ['insert', 'update', 'delete', 'truncate'],
			publication: { mode: 'manage', name: derivedName('wf-42', 'node-7') },
			slotName: derivedName('wf-42', 'node-7'),
			start: 'now',
			batching: { mode: 'rows', maxRows: 100, maxWaitMs: 1000 },
			acknowledge: 'afterSuccess',
			beforeImages: false,
			valueTypes: 'text',
			dropSlotOnDeactivate: false,
			heartbeatMs: 60_000,
			maxRunsInFlight: 1,
			slotLagWarningBytes: 1024 * 1024 * 1024,
		});
	});

	it('derives the same slot name for the same workflow and node, a different one otherwise', () => {
		expect(derivedName('wf-42', 'node-7')).toBe(derivedName('wf-42', 'node-7'));
		expect(derivedName('wf-42', 'node-7')).not.toBe(derivedName('wf-42', 'node-8'));
		expect(derivedName('wf-42', 'node-7')).toMatch(/^[a-z0-9_]{1,63}$/);
	});

	it('maps every choice', () => {
		const options = readTriggerOptions(
			reader({
				capture: 'schema',
				schema: 'sales',
				operations: ['update', 'insert'],
				publicationMode: 'existing',
				existingPublicationName: 'dba_pub',
				slotName: 'my_slot',
				start: 'snapshot',
				batching: 'transaction',
				maxRows: 500,
				acknowledge: 'afterCompletion',
				beforeImages: true,
				valueTypes: 'native',
				dropSlotOnDeactivate: true,
				options: { heartbeatSeconds: 0, maxRunsInFlight: 4, slotLagWarningMb: 64 },
			}),
			ids,
		);
		expect(options).toMatchObject({
			capture: { kind: 'schema', schema: 'sales' },
			operations: ['insert', 'update'],
			publication: { mode: 'existing', name: 'dba_pub' },
			slotName: 'my_slot',
			start: 'snapshot',
			batching: { mode: 'transaction', maxRows: 500 },
			acknowledge: 'afterCompletion',
			beforeImages: true,
			valueTypes: 'native',
			dropSlotOnDeactivate: true,
			heartbeatMs: 0,
			maxRunsInFlight: 4,
			slotLagWarningBytes: 64 * 1024 * 1024,
		});
	});

	it.each([
		[{ tables: [] }, /No table selected/],
		[{ tables: ['public.orders'], operations: [] }, /No operation selected/],
		[{ tables: ['public.orders'], operations: ['upsert'] }, /Unknown operations \["upsert"\]/],
		[{ tables: ['public.orders'], slotName: 'Bad-Name' }, /not a valid replication slot name/],
		[{ tables: ['public.orders'], publicationMode: 'existing' }, /Publication name is empty/],
		[
			{ tables: ['public.orders'], publicationName: 'no spaces' },
			/may hold only letters, digits and underscores/,
		],
		[{ tables: ['public.orders'], maxRows: 0 }, /"maxRows" must be a whole number of at least 1/],
		[
			{ tables: ['public.orders'], acknowledge: 'sometimes' },
			/"acknowledge" must be one of afterSuccess/,
		],
		[{ tables: ['"unclosed'] }, /quoted name is not closed/],
	])('rejects %p with a message that says what to do', (parameters, message) => {
		expect(() => readTriggerOptions(reader(parameters as IDataObject), ids)).toThrow(message);
	});
});

describe('qualified table names', () => {
	it.each([
		['public.orders', { schema: 'public', table: 'orders' }],
		['orders', { schema: 'public', table: 'orders' }],
		['"My Schema"."Order.Lines"', { schema: 'My Schema', table: 'Order.Lines' }],
		['sales."say ""hi"""', { schema: 'sales', table: 'say "hi"' }],
	])('parses %s', (text, table) => {
		expect(parseQualifiedTable(text)).toEqual(table);
	});

	it('formats so that parsing gives the same table back', () => {
		for (const table of [
			{ schema: 'public', table: 'orders' },
			{ schema: 'My Schema', table: 'Order.Lines' },
			{ schema: 'x', table: 'say "hi"' },
		]) {
			expect(parseQualifiedTable(formatQualifiedTable(table))).toEqual(table);
		}
		expect(formatQualifiedTable({ schema: 'My Schema', table: 'orders' })).toBe(
			'"My Schema".orders',
		);
	});
});

describe('node description', () => {
	const { description } = new PostgresCdcTrigger();

	it('follows n8n trigger conventions', () => {
		expect(description.name).toBe('postgresCdcTrigger');
		expect(description.displayName).toContain('Trigger');
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect('usableAsTool' in description).toBe(true);
		expect(description.credentials).toEqual([
			{
				name: 'postgresReplicationApi',
				required: true,
				testedBy: 'postgresReplicationConnectionTest',
			},
		]);
	});

	it('offers the acknowledge modes with "after the run succeeds" as default', () => {
		const acknowledge = description.properties.find((property) => property.name === 'acknowledge');
		expect(acknowledge?.default).toBe('afterSuccess');
		expect(
			acknowledge?.options?.map((option) => ('value' in option ? option.value : undefined)),
		).toEqual(['afterCompletion', 'afterSuccess', 'immediately']);
	});
});

describe('credential → connection options', () => {
	const base = { host: 'db.internal', port: 5433, database: 'shop', user: 'cdc', password: 'pw' };

	it.each([
		['disable', {}, false],
		['require', {}, { rejectUnauthorized: false }],
		['verify-full', {}, { rejectUnauthorized: true }],
		[
			'verify-full',
			{ caCertificate: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----' },
			{
				rejectUnauthorized: true,
				ca: '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----',
			},
		],
	])('maps SSL %s', (ssl, extra, expected) => {
		const options = toConnectionOptions(
			readReplicationCredential({ ...base, ssl, ...extra }),
			'n8n-cdc wf',
		);
		expect(options).toEqual({ ...base, ssl: expected, applicationName: 'n8n-cdc wf' });
	});

	it('rejects what cannot work, without echoing the password', () => {
		expect(() => readReplicationCredential({ ...base, ssl: 'prefer' })).toThrow(
			/SSL mode "prefer" is not supported/,
		);
		expect(() => readReplicationCredential({ ...base, host: ' ' })).toThrow(/no host/);
		expect(() => readReplicationCredential({ ...base, port: 70000 })).toThrow(/not a TCP port/);
	});
});
