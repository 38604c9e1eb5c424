/**
 * Dates and times to ISO 8601 text, computed in integers so microseconds and any year survive
 * (a JS Date has milliseconds only and reads a zone-less timestamp in the machine's zone).
 * Years before 1 AD use ISO's astronomical numbering (1 BC is 0000, 2 BC is -0001).
 */

const MICROS_PER_DAY = 86_400_000_000n;

/** Days since 1970-01-01 from a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yearOfEra = y - era * 400;
	const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
	const dayOfEra =
		yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
	return era * 146097 + dayOfEra - 719468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const dayOfEra = z - era * 146097;
	const yearOfEra = Math.floor(
		(dayOfEra -
			Math.floor(dayOfEra / 1460) +
			Math.floor(dayOfEra / 36524) -
			Math.floor(dayOfEra / 146096)) /
			365,
	);
	const dayOfYear =
		dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
	const shifted = Math.floor((5 * dayOfYear + 2) / 153);
	const day = dayOfYear - Math.floor((153 * shifted + 2) / 5) + 1;
	const month = shifted < 10 ? shifted + 3 : shifted - 9;
	return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function formatYear(year: number): string {
	if (year < 0) return `-${pad(-year, 4)}`;
	return year > 9999 ? `+${year}` : pad(year, 4);
}

function formatDate(days: number): string {
	const { year, month, day } = civilFromDays(days);
	return `${formatYear(year)}-${pad(month)}-${pad(day)}`;
}

/** '.123450' → '.12345'; an all-zero fraction disappears. */
function fractionText(digits: string): string {
	const trimmed = digits.replace(/0+$/, '');
	return trimmed ? `.${trimmed}` : '';
}

/** Days since the epoch (Parquet DATE) as 'YYYY-MM-DD'. */
export function daysToDate(days: number): string {
	return formatDate(days);
}

const MICROS_PER_DAY_NUMBER = 86_400_000_000;

function formatMicrosOfDay(days: number, microsOfDay: number, withZone: boolean): string {
	const seconds = Math.floor(microsOfDay / 1_000_000);
	const fraction = fractionText(pad(microsOfDay % 1_000_000, 6));
	const time = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
	return `${formatDate(days)}T${time}${fraction}${withZone ? '+00:00' : ''}`;
}

/** Microseconds since the epoch (Parquet TIMESTAMP) as ISO 8601; with zone, in UTC ('+00:00'). */
export function microsToTimestamp(micros: bigint, withZone: boolean): string {
	const number = Number(micros);
	if (Number.isSafeInteger(number)) {
		// Within ±285 years of 1970 plain numbers are exact, and much faster than BigInt.
		const days = Math.floor(number / MICROS_PER_DAY_NUMBER);
		return formatMicrosOfDay(days, number - days * MICROS_PER_DAY_NUMBER, withZone);
	}
	let days = micros / MICROS_PER_DAY;
	let rest = micros % MICROS_PER_DAY;
	if (rest < 0n) {
		rest += MICROS_PER_DAY;
		days -= 1n;
	}
	return formatMicrosOfDay(Number(days), Number(rest), withZone);
}

const DATE_TEXT = /^(-?\d{4,})-(\d\d)-(\d\d)( BC)?$/;
const TIMESTAMP_TEXT =
	/^(-?\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d(?::?\d\d)?(?::?\d\d)?)?( BC)?$/;
const TIME_TEXT = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d(?::?\d\d)?(?::?\d\d)?)?$/;

function astronomicalYear(year: string, bc: string | undefined): number {
	return bc ? 1 - Number(year) : Number(year);
}

/** '+05:30' → seconds east of UTC. */
function offsetSeconds(offset: string | undefined): number {
	if (!offset || offset === 'Z') return 0;
	const digits = offset.slice(1).replace(/:/g, '');
	const seconds =
		Number(digits.slice(0, 2)) * 3600 +
		Number(digits.slice(2, 4) || 0) * 60 +
		Number(digits.slice(4, 6) || 0);
	return offset.startsWith('-') ? -seconds : seconds;
}

function formatOffset(seconds: number): string {
	const sign = seconds < 0 ? '-' : '+';
	const magnitude = Math.abs(seconds);
	const rest = magnitude % 60;
	return `${sign}${pad(Math.floor(magnitude / 3600))}:${pad(Math.floor(magnitude / 60) % 60)}${rest ? `:${pad(rest)}` : ''}`;
}

/** PostgreSQL's ISO date text ('2024-01-02', '0044-03-15 BC') as ISO 8601. Other text is kept. */
export function canonicalDate(text: string): string {
	const match = DATE_TEXT.exec(text.trim());
	if (!match) return text;
	const [, year, month, day, bc] = match;
	return formatDate(daysFromCivil(astronomicalYear(year, bc), Number(month), Number(day)));
}

/**
 * '2024-01-02 03:04:05.1234+02' → without zone '2024-01-02T03:04:05.1234', with zone converted
 * to UTC: '2024-01-02T01:04:05.1234+00:00'. Text that is not a timestamp is kept as it is.
 */
export function canonicalTimestamp(text: string, withZone: boolean): string {
	const match = TIMESTAMP_TEXT.exec(text.trim());
	if (!match) return text;
	const [, year, month, day, hour, minute, second, fraction = '', offset, bc] = match;
	const shift = withZone ? offsetSeconds(offset) : 0;
	if (shift === 0 && !bc && year.length === 4 && !year.startsWith('-')) {
		// The common case (a UTC session, years 1–9999): only the separators change.
		return `${year}-${month}-${day}T${hour}:${minute}:${second}${fractionText(fraction.slice(0, 6))}${withZone ? '+00:00' : ''}`;
	}
	const days = daysFromCivil(astronomicalYear(year, bc), Number(month), Number(day));
	const secondsOfDay = Number(hour) * 3600 + Number(minute) * 60 + Number(second);
	const micros =
		(BigInt(days) * 86_400n + BigInt(secondsOfDay - shift)) * 1_000_000n +
		BigInt(fraction.slice(0, 6).padEnd(6, '0'));
	return microsToTimestamp(micros, withZone);
}

/** '03:04:05.500' → '03:04:05.5'; TIMETZ keeps its offset, written '+HH:MM'. */
export function canonicalTime(text: string, withZone: boolean): string {
	const match = TIME_TEXT.exec(text.trim());
	if (!match) return text;
	const [, hour, minute, second, fraction = '', offset] = match;
	const time = `${hour}:${minute}:${second}${fractionText(fraction)}`;
	return withZone ? time + formatOffset(offsetSeconds(offset)) : time;
}

/** An ISO 8601 timestamp this module wrote (or PostgreSQL's text) as microseconds since the epoch, in UTC. */
export function timestampMicros(text: string): bigint | undefined {
	const match = TIMESTAMP_TEXT.exec(text.trim().replace(/^\+/, ''));
	if (!match) return undefined;
	const [, year, month, day, hour, minute, second, fraction = '', offset, bc] = match;
	const days = daysFromCivil(astronomicalYear(year, bc), Number(month), Number(day));
	const secondsOfDay = Number(hour) * 3600 + Number(minute) * 60 + Number(second);
	return (
		(BigInt(days) * 86_400n + BigInt(secondsOfDay - offsetSeconds(offset))) * 1_000_000n +
		BigInt(fraction.slice(0, 6).padEnd(6, '0'))
	);
}

/** 'YYYY-MM-DD' (or PostgreSQL's date text) as days since the epoch. */
export function dateDays(text: string): number | undefined {
	const match = DATE_TEXT.exec(text.trim().replace(/^\+/, ''));
	if (!match) return undefined;
	const [, year, month, day, bc] = match;
	return daysFromCivil(astronomicalYear(year, bc), Number(month), Number(day));
}
