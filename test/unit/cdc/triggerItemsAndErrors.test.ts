import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { TriggerSettingsError } from '../../../nodes/PostgresCdcTrigger/options/settingsError';
import {
	errorWithFix,
	preflightFix,
	withFix,
} from '../../../nodes/PostgresCdcTrigger/trigger/activationFixes';
import { batchToItems } from '../../../nodes/PostgresCdcTrigger/trigger/items';
import { triggerError } from '../../../nodes/PostgresCdcTrigger/trigger/triggerErrors';
import type { CdcEvent } from '../../../nodes/shared/cdc/changeEvent';

const node: INode = {
	id: 'node-1',
	name: 'Postgres CDC Trigger',
	type: 'n8n-nodes-redshift-cdc.postgresCdcTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const event = {
	op: 'c',
	before: null,
	after: { id: '1' },
	key: { id: '1' },
	source: { lsn: '0/1', commitLsn: '0/2', txId: 7, ts_ms: 0, schema: 'public', table: 't' },
} as unknown as CdcEvent;

describe('trigger items', () => {
	const batch = { seq: 1, events: [event], ackLsn: 2n, reason: 'maxRows' } as never;

	it('carry the event alone while the slot is healthy', () => {
		expect(batchToItems(batch, undefined)).toEqual([{ json: event }]);
	});

	it('carry slotHealth { slot, warnings } while the slot is unhealthy (no $ key)', () => {
		const [item] = batchToItems(batch, { slot: 'my_slot', warnings: ['is 2 GB behind'] });
		expect(item.json.slotHealth).toEqual({ slot: 'my_slot', warnings: ['is 2 GB behind'] });
		expect(Object.keys(item.json).filter((key) => key.startsWith('$'))).toEqual([]);
	});
});

describe('trigger errors', () => {
	it('give a settings error its fix as the description', () => {
		const error = triggerError(
			node,
			new TriggerSettingsError('No table is selected.', 'Pick a table in *Table Names or IDs*.'),
			'activation',
			'db:5432/shop',
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('No table is selected.');
		expect(error.description).toBe('Pick a table in *Table Names or IDs*.');
	});

	it('describe a refused connection from its code, pointing at the credential', () => {
		const refused = Object.assign(
			new Error('connect ECONNREFUSED 10.0.0.1:5432 password=hunter2'),
			{
				code: 'ECONNREFUSED',
			},
		);
		const error = triggerError(node, refused, 'activation', 'db:5432/shop');
		expect(error.message).toMatch(/Nothing accepts connections at db:5432\/shop/);
		expect(error.description).toMatch(/Postgres Replication credential/);
		expect(`${error.message} ${error.description}`).not.toContain('hunter2');
	});

	it('describe a refused login by its message when the error has no code', () => {
		const refused = new Error('password authentication failed for user "cdc"');
		const error = triggerError(node, refused, 'streaming', 'db:5432/shop');
		expect(error.message).toMatch(/^PostgreSQL refused the login at db:5432\/shop/);
		expect(error.description).toMatch(/Postgres Replication credential/);
	});

	it.each([
		['activation', /publish the workflow again.*no change is lost/],
		['manual', /\*Listen for event\* again.*production slot was not touched/],
		['streaming', /restarts the trigger by itself.*come again/],
	] as const)('say what happens next after a failure during %s', (phase, description) => {
		const error = triggerError(node, new Error('slot "s" does not exist'), phase, 'db:5432/shop');
		expect(error.message).toBe('slot "s" does not exist');
		expect(error.description).toMatch(description);
	});
});

describe('activation fixes', () => {
	it('name, per pre-flight problem, where in the node to act (once per kind)', () => {
		const fix = preflightFix({
			ok: false,
			serverVersion: '16',
			warnings: [],
			problems: [
				{ check: 'tableExists', message: 'Table public.a does not exist.' },
				{ check: 'tableExists', message: 'Table public.b does not exist.' },
				{ check: 'replicaIdentity', message: 'Before-images need REPLICA IDENTITY FULL.' },
			],
		});
		expect(fix).toBe(
			"Pick tables that exist in *Table Names or IDs* (the list shows the tables the credential can see). Let the table's owner run the ALTER TABLE the message names, or turn off *Options > Include Before Images*.",
		);
	});

	it("attach a step's fix to its failure, keeping a more precise one", async () => {
		const plain = await withFix(Promise.reject(new Error('slot is busy')), 'step fix').catch(
			(error: unknown) => error,
		);
		expect(triggerError(node, plain, 'activation', 'db').description).toBe('step fix');
		const precise = await withFix(
			Promise.reject(errorWithFix('no slot', 'precise fix')),
			'step fix',
		).catch((error: unknown) => error);
		expect(triggerError(node, precise, 'activation', 'db').description).toBe('precise fix');
	});
});
