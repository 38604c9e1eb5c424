import { MAX_VARCHAR_BYTES, parseColumnType, type ColumnType } from '../redshift/sql/columnTypes';

const VARCHAR_MAX: ColumnType = { name: 'VARCHAR', length: MAX_VARCHAR_BYTES };

/**
 * The Redshift type that holds a PostgreSQL column's values without loss, from the type as
 * format_type prints it (what CDC schema events carry). PostgreSQL counts characters where
 * Redshift counts bytes, so character lengths are multiplied by 4 (UTF-8's widest). Types
 * Redshift has no exact match for keep their text (VARCHAR(MAX)): unconstrained numeric, uuid,
 * intervals, network types, enums. Arrays and JSON become SUPER.
 */
export function redshiftTypeForPostgres(formattedType: string): ColumnType {
	const type = formattedType.trim().toLowerCase();
	if (type.endsWith('[]') || type === 'json' || type === 'jsonb') return { name: 'SUPER' };
	const characters = /^(character varying|character|varchar|char|bpchar)\((\d+)\)$/.exec(type);
	if (characters) return { name: 'VARCHAR', length: Math.min(MAX_VARCHAR_BYTES, Math.max(1, Number(characters[2]) * 4)) };
	const numeric = /^numeric\((\d+),(\d+)\)$/.exec(type.replace(/\s+/g, ''));
	if (numeric) {
		const precision = Number(numeric[1]);
		return precision <= 38 ? { name: 'NUMERIC', precision, scale: Number(numeric[2]) } : VARCHAR_MAX;
	}
	if (/^(timestamp|time)\(\d\)/.test(type)) return redshiftTypeForPostgres(type.replace(/\(\d\)/, ''));
	const exact = new Set([
		'smallint',
		'integer',
		'bigint',
		'real',
		'double precision',
		'boolean',
		'date',
		'timestamp without time zone',
		'timestamp with time zone',
		'time without time zone',
		'time with time zone',
	]);
	return exact.has(type) ? parseColumnType(type) : VARCHAR_MAX;
}
