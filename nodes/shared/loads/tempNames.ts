import {
	MAX_IDENTIFIER_BYTES,
	normalizeIdentifier,
	type IdentifierOptions,
} from '../redshift/sql/identifiers';

/**
 * A helper table's name, unique per run: `<base>_n8n_<role>_<run>`, with the base cut so the
 * whole name fits Redshift's 127 bytes.
 */
export function helperTableName(
	base: string,
	role: string,
	runId: string,
	options: IdentifierOptions = {},
): string {
	const suffix = `_n8n_${role}_${runId
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(-16)
		.toLowerCase()}`;
	let head = normalizeIdentifier(base, options);
	while (Buffer.byteLength(head + suffix, 'utf8') > MAX_IDENTIFIER_BYTES)
		head = [...head].slice(0, -1).join('');
	return head + suffix;
}
