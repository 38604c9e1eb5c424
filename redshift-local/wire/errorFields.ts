import type { NoticeFields } from './protocol/backendMessages';

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * What the client sees for an error the engine raised: RedshiftError and PostgreSQL errors keep
 * their SQLSTATE, message and detail; anything else is an internal error (XX000) with its message.
 */
export function errorFields(error: unknown): NoticeFields {
	if (!(error instanceof Error))
		return { severity: 'ERROR', code: 'XX000', message: String(error) };
	const source = error as Error & Partial<Record<keyof NoticeFields, unknown>>;
	const text = (key: keyof NoticeFields): string | undefined =>
		typeof source[key] === 'string' ? (source[key] as string) : undefined;
	const code = text('code');
	return {
		severity: 'ERROR',
		code: code !== undefined && SQLSTATE.test(code) ? code : 'XX000',
		message: error.message,
		detail: text('detail'),
		hint: text('hint'),
		where: text('where'),
		schema: text('schema'),
		table: text('table'),
		column: text('column'),
		dataType: text('dataType'),
		constraint: text('constraint'),
	};
}
