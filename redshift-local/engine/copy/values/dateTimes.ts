import { loadError, shortValue, value, type Conversion } from './conversion';
import {
	compilePattern,
	formatDate,
	formatTimestamp,
	isValidDateTime,
	matchPattern,
} from './dateTimeFormat';

export const DEFAULT_DATEFORMAT = 'YYYY-MM-DD';
export const DEFAULT_TIMEFORMAT = 'YYYY-MM-DD HH:MI:SS';

/** A TIMESTAMPTZ value may end with a UTC offset (the default format's OF part). */
const OFFSET = /^\s*(Z|UTC|[+-]\d{1,2}(?::?\d{2})?)$/i;

function postgresOffset(offset: string): string {
	if (/^(Z|UTC)$/i.test(offset)) return '+00';
	const match = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(offset) as RegExpExecArray;
	return `${match[1]}${match[2].padStart(2, '0')}:${match[3] ?? '00'}`;
}

function dateError(text: string, format: string): Conversion {
	if (format === DEFAULT_DATEFORMAT && text.length < 10)
		return loadError(1205, 'Invalid Date Format - length must be 10 or more');
	return loadError(
		1205,
		`Invalid date format - value '${shortValue(text)}' does not match [${format}]`,
	);
}

/**
 * PostgreSQL's input reads these; Redshift's DATE and TIMESTAMP hold 4713 BC to 294276 AD only
 * (DG r_Datetime_types.md), so 'auto' must not let PostgreSQL take them.
 */
const INFINITE = /^[+-]?infinity$/i;

/** DATE per DATEFORMAT; 'auto' defers to PostgreSQL's date input, which Redshift's follows (DG automatic-recognition.md). */
export function convertDate(raw: string, format = DEFAULT_DATEFORMAT): Conversion {
	const text = raw.trim();
	if (format.toLowerCase() === 'auto' && INFINITE.test(text))
		return loadError(
			1205,
			`Invalid date format - value '${shortValue(text)}' is not a recognised date`,
		);
	if (format.toLowerCase() === 'auto')
		return {
			kind: 'cast',
			text,
			castType: 'date',
			code: 1205,
			reason: `Invalid date format - value '${shortValue(text)}' is not a recognised date`,
		};
	const matched = matchPattern(compilePattern(format), text);
	if (!matched || matched.used !== text.length || !isValidDateTime(matched.parts))
		return dateError(text, format);
	return value(formatDate(matched.parts));
}

function epochValue(text: string, format: string, withZone: boolean): Conversion {
	if (!/^[+-]?\d+(\.\d+)?$/.test(text))
		return loadError(1206, `Invalid timestamp format or value [${format}]`);
	const milliseconds = Number(text) * (format === 'epochsecs' ? 1000 : 1);
	const iso = new Date(milliseconds).toISOString();
	const stamp = `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
	return value(withZone ? `${stamp}+00` : stamp);
}

/**
 * TIMESTAMP / TIMESTAMPTZ per TIMEFORMAT: a pattern, 'epochsecs', 'epochmillisecs' or 'auto'.
 * The default is YYYY-MM-DD HH:MI:SS; for TIMESTAMPTZ it may end with an offset, and values
 * without one are UTC (DG copy-parameters-data-conversion.md, TIMEFORMAT).
 */
export function convertTimestamp(
	raw: string,
	format: string | undefined,
	withZone: boolean,
): Conversion {
	const text = raw.trim();
	const name = format ?? DEFAULT_TIMEFORMAT;
	const lower = name.toLowerCase();
	if (lower === 'auto' && INFINITE.test(text))
		return loadError(
			1206,
			`Invalid timestamp format or value: '${shortValue(text)}' is not recognised`,
		);
	if (lower === 'auto') {
		const castType = withZone ? 'timestamptz' : 'timestamp';
		return {
			kind: 'cast',
			text,
			castType,
			code: 1206,
			reason: `Invalid timestamp format or value: '${shortValue(text)}' is not recognised`,
		};
	}
	if (lower === 'epochsecs' || lower === 'epochmillisecs') return epochValue(text, lower, withZone);
	const patterns = format === undefined ? [DEFAULT_TIMEFORMAT, DEFAULT_DATEFORMAT] : [name];
	for (const pattern of patterns) {
		const matched = matchPattern(compilePattern(pattern), text);
		if (!matched || !isValidDateTime(matched.parts)) continue;
		const rest = text.slice(matched.used);
		if (rest === '')
			return value(
				withZone ? `${formatTimestamp(matched.parts)}+00` : formatTimestamp(matched.parts),
			);
		const offset = OFFSET.exec(rest);
		if (withZone && format === undefined && offset)
			return value(`${formatTimestamp(matched.parts)}${postgresOffset(offset[1])}`);
	}
	return loadError(1206, `Invalid timestamp format or value [${name}]`);
}
