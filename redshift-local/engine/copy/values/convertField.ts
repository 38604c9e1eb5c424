import type { RecordField } from '../records/sourceRecord';
import type { TargetColumn } from '../targetTable';
import { loadError, shortValue, value, type Conversion } from './conversion';
import { convertDate, convertTimestamp } from './dateTimes';
import { convertBoolean, convertDecimal, convertFloat, convertInteger } from './numbers';
import { decodeUtf8, truncateToBytes } from './utf8Field';

/** The COPY options that change how a field becomes a value (DG copy-parameters-data-conversion.md). */
export interface ConversionOptions {
	emptyAsNull: boolean;
	blanksAsNull: boolean;
	acceptInvChars?: string;
	truncateColumns: boolean;
	trimBlanks: boolean;
	roundDecimals: boolean;
	acceptAnyDate: boolean;
	dateFormat?: string;
	timeFormat?: string;
}

const CHARACTER_TYPES = ['varchar', 'bpchar', 'text', 'name'];
const JSON_TYPES = ['json', 'jsonb'];

function nullFor(column: TargetColumn): Conversion {
	return column.notNull ? loadError(1213, 'Missing data for not-null field') : value(null);
}

/** CHAR / VARCHAR: empty and blank rules, TRIMBLANKS, byte lengths, TRUNCATECOLUMNS. */
function convertCharacter(
	text: string,
	byteLength: number,
	column: TargetColumn,
	options: ConversionOptions,
): Conversion {
	if (text === '' && options.emptyAsNull) return nullFor(column);
	if (text !== '' && text.trim() === '' && options.blanksAsNull) return nullFor(column);
	let result =
		options.trimBlanks && column.baseType === 'varchar' ? text.replace(/\s+$/, '') : text;
	if (column.baseType === 'bpchar' && /[\u0080-\uffff]/.test(result)) {
		const bad = Buffer.from(/[\u0080-\uffff]/.exec(result)?.[0] ?? '', 'utf8')
			.toString('hex')
			.replace(/(..)(?=.)/g, '$1 ');
		return loadError(
			1220,
			`Multibyte character not supported for CHAR (Hint: try using VARCHAR). Invalid char: ${bad}`,
		);
	}
	const limit = column.maxLength;
	const length = result === text ? byteLength : Buffer.byteLength(result, 'utf8');
	if (limit !== undefined && length > limit) {
		if (options.truncateColumns) result = truncateToBytes(result, limit);
		// only trailing blanks beyond the length: they are cut, as Redshift does
		else if (Buffer.byteLength(result.replace(/ +$/, ''), 'utf8') <= limit)
			result = truncateToBytes(result, limit);
		else return loadError(1204, 'String length exceeds DDL length');
	}
	return value(result);
}

function convertJson(text: string): Conversion {
	try {
		JSON.parse(text);
		return value(text);
	} catch (error) {
		return loadError(1224, `Invalid JSON for SUPER: ${shortValue((error as Error).message)}`);
	}
}

/** VARBYTE (stored as bytea) reads text and CSV fields as hexadecimal (DG r_VARBYTE_type.md). */
function convertVarbyte(text: string): Conversion {
	const hex = text.trim();
	const bad = hex.search(/[^0-9a-fA-F]/);
	if (bad !== -1 || hex.length % 2 !== 0) {
		return loadError(
			1207,
			`Invalid hexadecimal value for VARBYTE, Value '${shortValue(hex)}', Pos ${bad === -1 ? hex.length : bad}`,
		);
	}
	return value(`\\x${hex}`);
}

function withAnyDate(conversion: Conversion, options: ConversionOptions): Conversion {
	if (!options.acceptAnyDate) return conversion;
	if (conversion.kind === 'error') return value(null);
	if (conversion.kind === 'cast') return { ...conversion, nullOnFailure: true };
	return conversion;
}

function convertTyped(text: string, column: TargetColumn, options: ConversionOptions): Conversion {
	switch (column.baseType) {
		case 'int2':
		case 'int4':
		case 'int8':
			return convertInteger(text, column.baseType);
		case 'numeric':
			return convertDecimal(text, column.precision, column.scale, options.roundDecimals);
		case 'float4':
		case 'float8':
			return convertFloat(text, column.baseType);
		case 'bool':
			return convertBoolean(text);
		case 'date':
			return withAnyDate(convertDate(text, options.dateFormat), options);
		case 'timestamp':
		case 'timestamptz':
			return withAnyDate(
				convertTimestamp(text, options.timeFormat, column.baseType === 'timestamptz'),
				options,
			);
		case 'json':
		case 'jsonb':
			return convertJson(text);
		case 'bytea':
			return convertVarbyte(text);
		default:
			return {
				kind: 'cast',
				text,
				castType: column.sqlType,
				code: 1216,
				reason: `Invalid input for ${column.sqlType}: '${shortValue(text)}'`,
			};
	}
}

/**
 * Converts one field for one column the way Redshift's COPY would, or says which load error
 * it raises. NULLs, empty fields and blank fields of non-character columns load as NULL.
 */
export function convertField(
	field: RecordField,
	column: TargetColumn,
	options: ConversionOptions,
): Conversion {
	const isCharacter = CHARACTER_TYPES.includes(column.baseType);
	const bytes =
		JSON_TYPES.includes(column.baseType) && field.json !== undefined ? field.json : field.bytes;
	if (bytes === null) return nullFor(column);
	const decoded = decodeUtf8(bytes, isCharacter ? options.acceptInvChars : undefined);
	if (!decoded.ok) {
		if (decoded.nul)
			return loadError(
				1214,
				`Missing newline: Unexpected character 0x0 found at location ${decoded.position}`,
				decoded.position,
			);
		return loadError(
			1220,
			`String contains invalid or unsupported UTF8 codepoints. Bad UTF8 hex sequence: ${decoded.badBytes}`,
			decoded.position,
		);
	}
	const { text, byteLength } = decoded.field;
	if (isCharacter) return convertCharacter(text, byteLength, column, options);
	if (text.trim() === '') return nullFor(column);
	return convertTyped(text, column, options);
}
