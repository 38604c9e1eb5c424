/*
 * Timestamps in Postgres' ISO output (DateStyle ISO, the default) to ISO 8601, keeping microseconds
 * (a JS Date would drop them). Anything else (another DateStyle, BC years, 'infinity') is returned
 * unchanged, so no value is ever lost or invented.
 */

const TIMESTAMP_TZ =
	/^(\d{4,})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-])(\d{2})(?::(\d{2}))?(?::(\d{2}))?$/;
const TIMESTAMP = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)$/;

/** '2024-01-02 03:04:05.123456+02' → '2024-01-02T01:04:05.123456Z' (UTC). */
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
	const date = new Date(0);
	date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
	date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
	const offset =
		(Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0)) *
		1000;
	date.setTime(date.getTime() - (sign === '+' ? offset : -offset));
	return `${date.toISOString().slice(0, -5)}${fraction}Z`;
}

/** '2024-01-02 03:04:05.5' → '2024-01-02T03:04:05.5' (no zone: a timestamp without time zone has none). */
export function timestampToIso(text: string): string {
	const match = TIMESTAMP.exec(text);
	return match ? `${match[1]}T${match[2]}` : text;
}
