import type { Client } from 'pg';

import { ensurePublication, verifyPublication } from '../../shared/cdc/slots/publication';
import type { CdcTriggerOptions } from '../options/triggerOptions';
import { FIX, withFix } from './activationFixes';

/**
 * Makes the publication `name` publish what the trigger captures (the node manages it), or checks that
 * the existing one does (it is never changed). Manual mode passes a throw-away name to manage.
 * A failure carries the fix in the node's words.
 */
export async function setUpPublication(
	sql: Client,
	options: Pick<CdcTriggerOptions, 'publication' | 'capture' | 'operations'>,
	name: string,
): Promise<void> {
	const { publication, capture, operations } = options;
	if (publication.mode === 'manage') {
		const target =
			capture.kind === 'tables'
				? { kind: 'tables' as const, tables: capture.tables }
				: { kind: 'schema' as const, schema: capture.schema };
		await withFix(ensurePublication(sql, { name, target, operations }), FIX.managedPublication);
		return;
	}
	const wanted = {
		tables: capture.kind === 'tables' ? capture.tables : undefined,
		schema: capture.kind === 'schema' ? capture.schema : undefined,
		operations,
	};
	await withFix(verifyPublication(sql, name, wanted), FIX.existingPublication);
}
