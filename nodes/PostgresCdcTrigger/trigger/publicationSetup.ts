import type { Client } from 'pg';

import { ensurePublication, verifyPublication } from '../../shared/cdc/slots/publication';
import type { CdcTriggerOptions } from '../options/triggerOptions';

/**
 * Makes the publication `name` publish what the trigger captures (the node manages it), or checks that
 * the existing one does (it is never changed). Manual mode passes a throw-away name to manage.
 */
export async function setUpPublication(
	sql: Client,
	options: Pick<CdcTriggerOptions, 'publication' | 'capture' | 'operations'>,
	name: string,
): Promise<void> {
	const { publication, capture, operations } = options;
	if (publication.mode === 'manage') {
		await ensurePublication(sql, {
			name,
			target:
				capture.kind === 'tables'
					? { kind: 'tables', tables: capture.tables }
					: { kind: 'schema', schema: capture.schema },
			operations,
		});
		return;
	}
	await verifyPublication(sql, name, {
		tables: capture.kind === 'tables' ? capture.tables : undefined,
		schema: capture.kind === 'schema' ? capture.schema : undefined,
		operations,
	});
}
