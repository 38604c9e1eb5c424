import { RedshiftError } from '../session';

/** VARCHAR(MAX) and the longest VARCHAR, in bytes; CHAR(MAX) (DG r_Character_types.md). */
export const VARCHAR_MAX_BYTES = 65535;
export const CHAR_MAX_BYTES = 4096;

const VARCHAR_NAMES = new Set([
	'varchar',
	'character varying',
	'char varying',
	'nvarchar',
	'national character varying',
	'text',
]);
const CHAR_NAMES = new Set(['char', 'character', 'nchar', 'national character', 'bpchar']);
const NUMERIC_NAMES = new Set(['numeric', 'decimal']);
const VARBYTE_NAMES = new Set(['varbyte', 'varbinary', 'binary varying']);

/**
 * Translates a Redshift column type to the PostgreSQL type that stores it. Lengths stay as
 * declared (they count bytes on Redshift; a trigger enforces that, see byteLengthTrigger.ts):
 * VARCHAR without length and TEXT are VARCHAR(256), CHAR without length is CHAR(1), BPCHAR is
 * CHAR(256), NUMERIC without precision is NUMERIC(18,0), SUPER is stored as jsonb and VARBYTE as
 * bytea. Anything else goes to PostgreSQL as written.
 */
export function postgresType(
	written: string,
	typeWords: string[],
	args: string | undefined,
): string {
	const name = typeWords.join(' ');
	if (name === 'super') return 'jsonb';
	if (VARBYTE_NAMES.has(name)) return 'bytea';
	if (VARCHAR_NAMES.has(name)) {
		const length = name === 'text' ? 256 : characterLength(args, 256, VARCHAR_MAX_BYTES, 'varchar');
		return `varchar(${length})`;
	}
	if (CHAR_NAMES.has(name)) {
		const length = characterLength(args, name === 'bpchar' ? 256 : 1, CHAR_MAX_BYTES, 'character');
		return `char(${length})`;
	}
	if (NUMERIC_NAMES.has(name)) return numericType(args);
	return written;
}

function characterLength(
	args: string | undefined,
	defaultLength: number,
	max: number,
	typeName: string,
): number {
	if (args === undefined) return defaultLength;
	const text = args.trim();
	if (/^max$/i.test(text)) return max;
	if (!/^\d+$/.test(text))
		throw new RedshiftError(`invalid length "${text}" for type ${typeName}`, '42601');
	const length = Number(text);
	if (length < 1)
		throw new RedshiftError(`length for type ${typeName} must be at least 1`, '22023');
	if (length > max)
		throw new RedshiftError(`length for type ${typeName} cannot exceed ${max}`, '22023');
	return length;
}

function numericType(args: string | undefined): string {
	if (args === undefined) return 'numeric(18,0)';
	const [precision, scale = '0'] = args.split(',').map((part) => part.trim());
	const p = Number(precision);
	const s = Number(scale);
	if (!Number.isInteger(p) || p < 1 || p > 38) {
		throw new RedshiftError(`NUMERIC precision ${precision} must be between 1 and 38`, '22023');
	}
	if (!Number.isInteger(s) || s < 0 || s > p) {
		throw new RedshiftError(`NUMERIC scale ${scale} must be between 0 and precision ${p}`, '22023');
	}
	return `numeric(${p},${s})`;
}

/** Column compression encodings Redshift accepts (DG c_Compression_encodings.md). */
export const ENCODINGS = new Set([
	'raw',
	'az64',
	'bytedict',
	'delta',
	'delta32k',
	'lzo',
	'mostly8',
	'mostly16',
	'mostly32',
	'runlength',
	'text255',
	'text32k',
	'zstd',
	'auto',
]);
