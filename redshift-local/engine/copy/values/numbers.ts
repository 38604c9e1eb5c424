import { loadError, shortValue, value, type Conversion } from './conversion';

const INTEGER_RANGES: Record<string, { name: string; min: bigint; max: bigint }> = {
	int2: { name: 'Short', min: -32768n, max: 32767n },
	int4: { name: 'Integer', min: -2147483648n, max: 2147483647n },
	int8: { name: 'Long', min: -9223372036854775808n, max: 9223372036854775807n },
};

/** Redshift's load error for a character that is not allowed in a number (error 1207). */
function invalidDigit(text: string, position: number, typeName: string): Conversion {
	return loadError(
		1207,
		`Invalid digit, Value '${text[position] ?? ''}', Pos ${position}, Type: ${typeName}`,
		position,
	);
}

function firstInvalidPosition(text: string, allowed: RegExp): number {
	for (let index = 0; index < text.length; index++) {
		const signAllowed = index === 0 && (text[index] === '-' || text[index] === '+');
		if (!signAllowed && !allowed.test(text[index])) return index;
	}
	return text.length;
}

/** SMALLINT / INTEGER / BIGINT: an optional sign and digits only; out of range is error 1204. */
export function convertInteger(raw: string, baseType: string): Conversion {
	const range = INTEGER_RANGES[baseType];
	const text = raw.trim();
	if (!/^[+-]?\d+$/.test(text))
		return invalidDigit(text, firstInvalidPosition(text, /\d/), range.name);
	const number = BigInt(text);
	if (number < range.min || number > range.max) {
		return loadError(
			1204,
			`Overflow (${range.name} valid range ${range.min} to ${range.max}), Value '${shortValue(text)}'`,
		);
	}
	return value(number.toString());
}

/**
 * DECIMAL(p,s): extra fraction digits are truncated (20.259 → 20.25) unless ROUNDEC rounds them;
 * more integer digits than p-s fit is an overflow (DG copy-parameters-data-conversion.md, ROUNDEC).
 */
export function convertDecimal(
	raw: string,
	precision: number | undefined,
	scale: number | undefined,
	round: boolean,
): Conversion {
	const text = raw.trim();
	const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
	if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
		return invalidDigit(text, firstInvalidPosition(text, /[\d.]/), 'Decimal');
	}
	if (precision === undefined || scale === undefined) return value(text);
	const [, sign, integerDigits, fractionDigits = ''] = match;
	let units = BigInt((integerDigits || '0') + fractionDigits.slice(0, scale).padEnd(scale, '0'));
	if (round && fractionDigits.length > scale && Number(fractionDigits[scale]) >= 5) units += 1n;
	const digits = units.toString().padStart(scale + 1, '0');
	const integerPart = digits.slice(0, digits.length - scale);
	if (integerPart.replace(/^0+/, '').length > precision - scale) {
		return loadError(
			1204,
			`Numeric data overflow for DECIMAL(${precision},${scale}), Value '${shortValue(text)}'`,
		);
	}
	const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
	return value(`${sign === '-' && units !== 0n ? '-' : ''}${integerPart}${fraction}`);
}

const FLOAT = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|nan|inf|infinity)$/i;

/** REAL / DOUBLE PRECISION; a REAL beyond its range is an overflow. */
export function convertFloat(raw: string, baseType: string): Conversion {
	const text = raw.trim();
	const typeName = baseType === 'float4' ? 'Float' : 'Double';
	if (!FLOAT.test(text))
		return loadError(
			1208,
			`Invalid digit, Value '${text[firstInvalidPosition(text, /[\d.eE]/)] ?? ''}', Pos ${firstInvalidPosition(text, /[\d.eE]/)}, Type: ${typeName}`,
		);
	const number = Number(text);
	const limit = baseType === 'float4' ? 3.4028235e38 : Number.MAX_VALUE;
	if (Number.isFinite(number) && Math.abs(number) > limit)
		return loadError(1204, `Overflow for ${typeName}, Value '${shortValue(text)}'`);
	if (!Number.isFinite(number) && /^[+-]?[\d.]/.test(text))
		return loadError(1204, `Overflow for ${typeName}, Value '${shortValue(text)}'`);
	return value(text);
}

const TRUE_WORDS = ['t', 'true', 'y', 'yes', '1'];
const FALSE_WORDS = ['f', 'false', 'n', 'no', '0'];

/** BOOLEAN accepts t/true/y/yes/1 and f/false/n/no/0 in any case (DG r_Boolean_type.md). */
export function convertBoolean(raw: string): Conversion {
	const word = raw.trim().toLowerCase();
	if (TRUE_WORDS.includes(word)) return value('t');
	if (FALSE_WORDS.includes(word)) return value('f');
	return loadError(1210, `Invalid boolean value '${shortValue(raw)}'`);
}
