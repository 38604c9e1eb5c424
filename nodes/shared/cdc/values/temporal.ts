/*
 * Timestamps in Postgres' ISO output (DateStyle ISO, the default) to ISO 8601, keeping microseconds
 * (a JS Date would drop them). Only years 0001–9999 (in UTC for timestamptz) become ISO 8601: that is
 * the range both JS and PostgreSQL read back in that form. Anything else (years ≥ 10000, which JS
 * writes as '+010000-…' and PostgreSQL rejects, or beyond JS Date's range up to PostgreSQL's 294276;
 * BC years; 'infinity'; another DateStyle) is returned exactly as printed, so no value is ever lost,
 * invented or turned into an error.
 */

const TIMESTAMP_TZ =
	/^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)$/;

const FIRST_ISO_YEAR = 1;
const LAST_ISO_YEAR = 9999;

/**
 * '2024-01-02 03:04:05.123456+02' → '2024-01-02T01:04:05.123456Z' (UTC). A value whose UTC year falls
 * outside 0001–9999 stays as printed.
 */
export function timestamptzToIso(text: string): string {
	const match = TIMESTAMP_TZ.exec(text);
	if (!match) return text;
	const [
		,
		year,
		month,
		day,
		hour,
		minute,
		second,
		fraction = '',
		sign,
		offsetHours,
		offsetMinutes,
		offsetSeconds,
	] = match;
	// Years of four digits only (the regex), so the Date below is always within JS Date's range.
	const date = new Date(0);
	date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
	date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
	const offset =
		(Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0)) *
		1000;
	date.setTime(date.getTime() - (sign === '+' ? offset : -offset));
	const utcYear = date.getUTCFullYear();
	// The offset can carry 9999-12-31 into year 10000, or 0001-01-01 back into 1 BC.
	if (!(utcYear >= FIRST_ISO_YEAR && utcYear <= LAST_ISO_YEAR)) return text;
	return `${date.toISOString().slice(0, -5)}${fraction}Z`;
}

/**
 * '2024-01-02 03:04:05.5' → '2024-01-02T03:04:05.5' (no zone: a timestamp without time zone has
 * none). Years ≥ 10000 and BC stay as printed.
 */
export function timestampToIso(text: string): string {
	const match = TIMESTAMP.exec(text);
	return match ? `${match[1]}T${match[2]}` : text;
}
