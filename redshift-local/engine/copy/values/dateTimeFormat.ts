/**
 * DATEFORMAT / TIMEFORMAT patterns (DG r_DATEFORMAT_and_TIMEFORMAT_strings.md): dateparts YYYY,
 * YY, MM, MON, MONTH, DD; timeparts HH, HH24, HH12, MI, SS (with fractional seconds up to
 * microseconds), AM/PM; every other character is a literal separator.
 */
export interface DateTimeParts {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	microsecond: number;
}

type PatternPart = { kind: 'field'; name: string } | { kind: 'literal'; text: string };

const FIELD_NAMES = [
	'YYYY',
	'MONTH',
	'HH24',
	'HH12',
	'MON',
	'YY',
	'MM',
	'DD',
	'HH',
	'MI',
	'SS',
	'AM',
	'PM',
];
const MONTHS = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december',
];

const compiled = new Map<string, PatternPart[]>();

/** Compiles a pattern once; a COPY uses the same one for every value. */
export function compilePattern(pattern: string): PatternPart[] {
	let parts = compiled.get(pattern);
	if (!parts) {
		parts = compileUncached(pattern);
		if (compiled.size < 100) compiled.set(pattern, parts);
	}
	return parts;
}

function compileUncached(pattern: string): PatternPart[] {
	const parts: PatternPart[] = [];
	let index = 0;
	while (index < pattern.length) {
		const upper = pattern.slice(index).toUpperCase();
		const name = FIELD_NAMES.find((field) => upper.startsWith(field));
		if (name) {
			parts.push({ kind: 'field', name });
			index += name.length;
			// "SS.SSS": the fraction is part of SS, whatever its written length
			if (name === 'SS') {
				const fraction = /^\.S+/i.exec(pattern.slice(index));
				if (fraction) index += fraction[0].length;
			}
		} else {
			parts.push({ kind: 'literal', text: pattern[index] });
			index++;
		}
	}
	return parts;
}

const ONE_OR_TWO = /^\d{1,2}/;
const DIGITS: Record<string, RegExp> = {
	YYYY: /^\d{4}/,
	YY: /^\d{2}/,
	MM: ONE_OR_TWO,
	DD: ONE_OR_TWO,
	HH: ONE_OR_TWO,
	HH24: ONE_OR_TWO,
	HH12: ONE_OR_TWO,
	MI: ONE_OR_TWO,
	SS: ONE_OR_TWO,
};

/** Matches `text` from the start; returns the parts and how much text was used, or undefined. */
export function matchPattern(
	parts: PatternPart[],
	text: string,
): { parts: DateTimeParts; used: number } | undefined {
	const result: DateTimeParts = {
		year: 1970,
		month: 1,
		day: 1,
		hour: 0,
		minute: 0,
		second: 0,
		microsecond: 0,
	};
	let position = 0;
	let pm: boolean | undefined;
	for (const part of parts) {
		if (part.kind === 'literal') {
			if (text[position] !== part.text) return undefined;
			position++;
			continue;
		}
		const rest = text.slice(position);
		if (part.name === 'MON' || part.name === 'MONTH') {
			const word = /^[A-Za-z]+/.exec(rest)?.[0].toLowerCase() ?? '';
			const month = MONTHS.findIndex((name) =>
				part.name === 'MON' ? name.slice(0, 3) === word : name === word,
			);
			if (month === -1) return undefined;
			result.month = month + 1;
			position += word.length;
			continue;
		}
		if (part.name === 'AM' || part.name === 'PM') {
			const marker = rest.slice(0, 2).toUpperCase();
			if (marker !== 'AM' && marker !== 'PM') return undefined;
			pm = marker === 'PM';
			position += 2;
			continue;
		}
		const digits = DIGITS[part.name].exec(rest)?.[0];
		if (digits === undefined) return undefined;
		position += digits.length;
		const number = Number(digits);
		if (part.name === 'YYYY') result.year = number;
		else if (part.name === 'YY') result.year = number < 70 ? 2000 + number : 1900 + number;
		else if (part.name === 'MM') result.month = number;
		else if (part.name === 'DD') result.day = number;
		else if (part.name.startsWith('HH')) result.hour = number;
		else if (part.name === 'MI') result.minute = number;
		else if (part.name === 'SS') {
			result.second = number;
			const fraction = /^\.(\d{1,6})\d*/.exec(text.slice(position));
			if (fraction) {
				result.microsecond = Number(fraction[1].padEnd(6, '0'));
				position += fraction[0].length;
			}
		}
	}
	if (pm !== undefined) {
		if (result.hour < 1 || result.hour > 12) return undefined;
		result.hour = (result.hour % 12) + (pm ? 12 : 0);
	}
	return { parts: result, used: position };
}

export function isValidDateTime(parts: DateTimeParts): boolean {
	const { year, month, day, hour, minute, second } = parts;
	if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
		return false;
	const daysInMonth = [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
		month - 1
	];
	return day <= daysInMonth;
}

function isLeapYear(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const pad = (number: number, width = 2): string => String(number).padStart(width, '0');

export function formatDate(parts: DateTimeParts): string {
	return `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
}

export function formatTimestamp(parts: DateTimeParts): string {
	const fraction = parts.microsecond > 0 ? `.${pad(parts.microsecond, 6)}` : '';
	return `${formatDate(parts)} ${pad(parts.hour)}:${pad(parts.minute)}:${pad(parts.second)}${fraction}`;
}
