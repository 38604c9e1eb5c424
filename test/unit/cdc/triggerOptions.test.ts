import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	NodeHelpers,
	type IDataObject,
	type INodeParameters,
	type INodeProperties,
} from 'n8n-workflow';

import {
	formatQualifiedTable,
	parseQualifiedTable,
} from '../../../nodes/PostgresCdcTrigger/options/qualifiedName';
import { TriggerSettingsError } from '../../../nodes/PostgresCdcTrigger/options/settingsError';
import {
	derivedName,
	readTriggerOptions,
} from '../../../nodes/PostgresCdcTrigger/options/triggerOptions';
import { PostgresCdcTrigger } from '../../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node';
import {
	readReplicationCredential,
	toConnectionOptions,
} from '../../../nodes/PostgresCdcTrigger/transport/connectionOptions';
import { nodeParameterReader } from '../../support/n8n/fakeTriggerFunctions';

const ids = { workflowId: 'wf-42', nodeId: 'node-7' };

/** Reads parameters the way n8n does: resolved by NodeHelpers.getNodeParameters from the node's description. */
function reader(parameters: IDataObject) {
	return nodeParameterReader(new PostgresCdcTrigger(), parameters);
}

/** The settings error readTriggerOptions throws for these parameters. */
function settingsErrorFor(parameters: IDataObject): TriggerSettingsError {
	try {
		readTriggerOptions(reader(parameters), ids);
	} catch (error) {
		if (error instanceof TriggerSettingsError) return error;
		throw error;
	}
	throw new Error(`No error for ${JSON.stringify(parameters)}`);
}

/** Internal parameter names that must never reach a user's eyes in an error. */
const INTERNAL_NAMES =
	/\b(slotName|publicationName|publicationMode|maxWaitMs|maxRows|valueTypes|beforeImages|heartbeatSeconds|slotLagWarningMb|maxRunsInFlight|dropSlotOnDeactivate|acknowledge)\b/;

describe('trigger parameters → options', () => {
	it('maps the defaults, as n8n resolves them, to safe options: durable derived names, after-success acknowledgement, text values', () => {
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

	it('captures schema "public" by default when capturing a schema (the picker\'s default)', () => {
		const options = readTriggerOptions(reader({ capture: 'schema' }), ids);
		expect(options.capture).toEqual({ kind: 'schema', schema: 'public' });
		expect(options.batching).toEqual({ mode: 'rows', maxRows: 100, maxWaitMs: 1000 });
	});

	it('keeps the same defaults when Options holds other entries', () => {
		const options = readTriggerOptions(
			reader({ tables: ['public.orders'], options: { slotName: 'my_slot' } }),
			ids,
		);
		expect(options).toMatchObject({
			slotName: 'my_slot',
			publication: { mode: 'manage', name: derivedName('wf-42', 'node-7') },
			batching: { maxWaitMs: 1000 },
			acknowledge: 'afterSuccess',
			heartbeatMs: 60_000,
			maxRunsInFlight: 1,
			slotLagWarningBytes: 1024 * 1024 * 1024,
			valueTypes: 'text',
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
				schema: { __rl: true, mode: 'name', value: 'sales' },
				operations: ['update', 'insert'],
				start: 'snapshot',
				batching: 'transaction',
				maxRows: 500,
				options: {
					publicationMode: 'existing',
					publicationName: 'dba_pub',
					slotName: 'my_slot',
					acknowledge: 'afterCompletion',
					beforeImages: true,
					valueTypes: 'native',
					dropSlotOnDeactivate: true,
					heartbeatSeconds: 0,
					maxRunsInFlight: 4,
					slotLagWarningMb: 64,
				},
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

	it('reads Max Wait only when batching by rows (n8n hides it otherwise)', () => {
		const byRows = reader({ tables: ['public.orders'], options: { maxWaitMs: 250 } });
		expect(readTriggerOptions(byRows, ids).batching).toEqual({
			mode: 'rows',
			maxRows: 100,
			maxWaitMs: 250,
		});
		const perTransaction = reader({
			tables: ['public.orders'],
			batching: 'transaction',
			options: { maxWaitMs: 250 },
		});
		expect(readTriggerOptions(perTransaction, ids).batching.mode).toBe('transaction');
	});

	it.each([
		[{ tables: [] }, /No table is selected/, /\*Table Names or IDs\*/],
		[{ tables: ['public.orders'], operations: [] }, /No operation is selected/, /\*Operations\*/],
		[
			{ tables: ['public.orders'], operations: ['upsert'] },
			/Operations holds values the trigger does not know: \["upsert"\]/,
			/Insert, Update, Delete, Truncate in \*Operations\*/,
		],
		[
			{ tables: ['public.orders'], options: { slotName: 'Bad-Name' } },
			/not a valid replication slot name/,
			/\*Options > Slot Name\*/,
		],
		[
			{ tables: ['public.orders'], options: { publicationMode: 'existing' } },
			/Publication Name is empty/,
			/\*Options > Publication Name\*/,
		],
		[
			{ tables: ['public.orders'], options: { publicationName: 'no spaces' } },
			/may hold only letters, digits and underscores/,
			/\*Options > Publication Name\*/,
		],
		[
			{ tables: ['public.orders'], maxRows: 0 },
			/Max Rows must be a whole number of at least 1/,
			/\*Max Rows\*/,
		],
		[
			{ tables: ['public.orders'], options: { maxWaitMs: -1 } },
			/Options > Max Wait must be a whole number of at least 0/,
			/\*Options > Max Wait\*/,
		],
		[
			{ tables: ['public.orders'], options: { acknowledge: 'sometimes' } },
			/Options > Acknowledge has a value the trigger does not know \("sometimes"\)/,
			/After the Run Succeeds, After the Run Finishes, Immediately in \*Options > Acknowledge\*/,
		],
		[{ tables: ['"unclosed'] }, /quoted name is not closed/, /\*Table Names or IDs\*/],
		[
			{ capture: 'schema', schema: { __rl: true, mode: 'name', value: ' ' } },
			/No schema is selected/,
			/\*Schema\*/,
		],
	])(
		'rejects %p, and its fix names the parameter as the editor shows it',
		(parameters, message, fix) => {
			const error = settingsErrorFor(parameters as IDataObject);
			expect(error.message).toMatch(message);
			expect(error.fix).toMatch(fix);
			expect(`${error.message} ${error.fix}`).not.toMatch(INTERNAL_NAMES);
		},
	);
});

describe('qualified table names', () => {
	it.each([
		['public.orders', { schema: 'public', table: 'orders' }],
		['orders', { schema: 'public', table: 'orders' }],
		['"My Schema"."Order.Lines"', { schema: 'My Schema', table: 'Order.Lines' }],
		['sales."say ""hi"""', { schema: 'sales', table: 'say "hi"' }],
		[' public . orders ', { schema: 'public', table: 'orders' }],
		['" a "."b "', { schema: ' a ', table: 'b ' }],
	])('parses %s', (text, table) => {
		expect(parseQualifiedTable(text)).toEqual(table);
	});

	it.each([
		['"open.orders', /a quoted name is not closed/],
		['"sales"x.orders', /expected a dot after a quoted name/],
		['a.b.c', /is not "schema.table"/],
		['"".orders', /is not "schema.table"/],
		['public.', /is not "schema.table"/],
	])('rejects %s', (text, message) => {
		expect(() => parseQualifiedTable(text)).toThrow(message);
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

	it('offers the acknowledge modes under Options with "after the run succeeds" as default', () => {
		const options = description.properties.find((property) => property.name === 'options');
		const acknowledge = (options?.options as INodeProperties[]).find(
			(property) => property.name === 'acknowledge',
		);
		expect(acknowledge?.default).toBe('afterSuccess');
		expect(
			acknowledge?.options?.map((option) => ('value' in option ? option.value : undefined)),
		).toEqual(['afterCompletion', 'afterSuccess', 'immediately']);
	});

	it('shows few fields up front; the advanced ones are under Options', () => {
		const shown = (parameters: IDataObject) =>
			description.properties
				.filter((property) =>
					NodeHelpers.displayParameter(
						parameters as INodeParameters,
						property,
						{ typeVersion: 1 },
						description,
					),
				)
				.map((property) => property.displayName);
		const defaults = NodeHelpers.getNodeParameters(
			description.properties,
			{},
			true,
			false,
			{ typeVersion: 1 },
			description,
		) as INodeParameters;
		expect(shown(defaults)).toEqual([
			'Capture',
			'Table Names or IDs',
			'Operations',
			'Start',
			'Batching',
			'Max Rows',
			'Options',
		]);
		const options = description.properties.find((property) => property.name === 'options');
		expect((options?.options as INodeProperties[]).map((option) => option.displayName)).toEqual([
			'Acknowledge',
			'Drop Slot When Deactivated',
			'Heartbeat Interval',
			'Include Before Images',
			'Max Runs in Flight',
			'Max Wait',
			'Publication',
			'Publication Name',
			'Slot Lag Warning',
			'Slot Name',
			'Value Types',
		]);
		// No unit in a display name: it is in the description.
		for (const property of description.properties)
			expect(property.displayName).not.toMatch(/\((ms|seconds|mb)\)/i);
	});

	it('picks the schema with a searchable list or by name', () => {
		const schema = description.properties.find((property) => property.name === 'schema');
		expect(schema?.type).toBe('resourceLocator');
		expect(schema?.default).toEqual({ mode: 'list', value: 'public' });
		expect(schema?.modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
			['list', 'schemaSearch'],
			['name', undefined],
		]);
		expect(Object.keys(new PostgresCdcTrigger().methods.listSearch)).toEqual(['schemaSearch']);
	});

	it("links to this package's README sections", () => {
		const codex = JSON.parse(
			readFileSync(
				join(__dirname, '../../../nodes/PostgresCdcTrigger/PostgresCdcTrigger.node.json'),
				'utf8',
			),
		) as { resources: Record<string, Array<{ url: string }>> };
		const { homepage } = JSON.parse(
			readFileSync(join(__dirname, '../../../package.json'), 'utf8'),
		) as { homepage: string };
		expect(codex.resources.primaryDocumentation).toEqual([
			{ url: `${homepage}#postgres-cdc-trigger` },
		]);
		expect(codex.resources.credentialDocumentation).toEqual([
			{ url: `${homepage}#postgres-replication` },
		]);
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
