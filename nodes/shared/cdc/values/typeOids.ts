/** Built-in type OIDs from pg_type (stable across majors: they are fixed in the catalog's .dat files). */
export const TYPE_OID = {
	bool: 16,
	bytea: 17,
	char: 18,
	name: 19,
	int8: 20,
	int2: 21,
	int4: 23,
	text: 25,
	oid: 26,
	xid: 28,
	json: 114,
	xml: 142,
	cidr: 650,
	float4: 700,
	float8: 701,
	money: 790,
	macaddr: 829,
	inet: 869,
	bpchar: 1042,
	varchar: 1043,
	date: 1082,
	time: 1083,
	timestamp: 1114,
	timestamptz: 1184,
	interval: 1186,
	timetz: 1266,
	bit: 1560,
	varbit: 1562,
	numeric: 1700,
	uuid: 2950,
	jsonb: 3802,
	box: 603,
} as const;

/** pg_type.typname of the built-in scalar types above. */
export const SCALAR_TYPE_NAMES: ReadonlyMap<number, string> = new Map(
	Object.entries(TYPE_OID).map(([name, oid]) => [oid, name]),
);

/** Array type OID → element type OID (pg_type.typelem), for the scalar types above. */
export const ARRAY_ELEMENT_OIDS: ReadonlyMap<number, number> = new Map([
	[1000, TYPE_OID.bool],
	[1001, TYPE_OID.bytea],
	[1002, TYPE_OID.char],
	[1003, TYPE_OID.name],
	[1016, TYPE_OID.int8],
	[1005, TYPE_OID.int2],
	[1007, TYPE_OID.int4],
	[1009, TYPE_OID.text],
	[1028, TYPE_OID.oid],
	[1011, TYPE_OID.xid],
	[199, TYPE_OID.json],
	[143, TYPE_OID.xml],
	[651, TYPE_OID.cidr],
	[1021, TYPE_OID.float4],
	[1022, TYPE_OID.float8],
	[791, TYPE_OID.money],
	[1040, TYPE_OID.macaddr],
	[1041, TYPE_OID.inet],
	[1014, TYPE_OID.bpchar],
	[1015, TYPE_OID.varchar],
	[1182, TYPE_OID.date],
	[1183, TYPE_OID.time],
	[1115, TYPE_OID.timestamp],
	[1185, TYPE_OID.timestamptz],
	[1187, TYPE_OID.interval],
	[1270, TYPE_OID.timetz],
	[1561, TYPE_OID.bit],
	[1563, TYPE_OID.varbit],
	[1231, TYPE_OID.numeric],
	[2951, TYPE_OID.uuid],
	[3807, TYPE_OID.jsonb],
	[1020, TYPE_OID.box],
]);

/** pg_type.typname of a built-in scalar or array type ('int4', '_int4'); undefined for others. */
export function builtinTypeName(typeOid: number): string | undefined {
	const scalar = SCALAR_TYPE_NAMES.get(typeOid);
	if (scalar !== undefined) return scalar;
	const element = ARRAY_ELEMENT_OIDS.get(typeOid);
	return element === undefined ? undefined : `_${SCALAR_TYPE_NAMES.get(element)}`;
}
