/**
 * How values arriving over the wire become JS values. Precision first: int8 and numeric stay
 * strings, dates and timestamps keep their text form (a JS Date would drop microseconds and
 * read a zone-less timestamp in the machine's local zone).
 */
const OID = {
	bool: 16,
	int8: 20,
	int2: 21,
	int4: 23,
	oid: 26,
	json: 114,
	float4: 700,
	float8: 701,
	jsonb: 3802,
} as const;

const TYPE_NAMES: Record<number, string> = {
	16: 'bool',
	17: 'bytea',
	18: 'char',
	19: 'name',
	20: 'int8',
	21: 'int2',
	23: 'int4',
	25: 'text',
	26: 'oid',
	114: 'json',
	700: 'float4',
	701: 'float8',
	1042: 'bpchar',
	1043: 'varchar',
	1082: 'date',
	1083: 'time',
	1114: 'timestamp',
	1184: 'timestamptz',
	1266: 'timetz',
	1700: 'numeric',
	2950: 'uuid',
	3802: 'jsonb',
	4000: 'super',
};

export function typeNameOf(oid: number): string {
	return TYPE_NAMES[oid] ?? `oid:${oid}`;
}

const asText = (value: string) => value;

/** Non-finite floats have no JSON form; keep them as their text so items stay serialisable. */
function asFloat(value: string): number | string {
	const number = Number(value);
	return Number.isFinite(number) ? number : value;
}

export function parseWireValue(oid: number): (value: string) => unknown {
	switch (oid) {
		case OID.bool:
			return (value) => value === 't' || value === 'true';
		case OID.int2:
		case OID.int4:
		case OID.oid:
			return (value) => Number(value);
		case OID.float4:
		case OID.float8:
			return asFloat;
		case OID.json:
		case OID.jsonb:
			return (value) => JSON.parse(value) as unknown;
		default:
			return asText;
	}
}

/** node-postgres `types` option: text format only, our parsers. */
export const wireTypes = {
	getTypeParser: (oid: number) => parseWireValue(oid),
};
