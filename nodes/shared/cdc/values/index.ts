export {
	convertTextValue,
	convertTupleValue,
	type CdcValue,
	type JsonValue,
	type ValueMode,
} from './convert';
export { KEPT_AS_TEXT, type KeptAsTextListener, type KeptAsTextReason } from './native';
export { parseArrayLiteral, type ArrayText } from './arrayLiteral';
export { decodeByteaText } from './bytea';
export { timestampToIso, timestamptzToIso } from './temporal';
export { ARRAY_ELEMENT_OIDS, builtinTypeName, SCALAR_TYPE_NAMES, TYPE_OID } from './typeOids';
