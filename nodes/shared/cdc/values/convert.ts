import type { TupleValue } from '../pgoutput/messages';
import { UNCHANGED_TOAST } from '../changeEvent';
import { nativeValue, type KeptAsTextListener } from './native';

/**
 * How column values reach the user:
 * - 'text' (default): the Postgres text form as a string, exactly as the server printed it.
 * - 'native': JS types where they are exact (see convertTextValue).
 */
export type ValueMode = 'text' | 'native';

export type JsonValue =
	| string
	| number
	| boolean
	| null
	| JsonValue[]
	| { [key: string]: JsonValue };

/** What a column becomes in an item. */
export type CdcValue = JsonValue;

/**
 * Converts one value in Postgres text form (null for SQL NULL).
 * In 'native' mode:
 * - int2, int4, oid, xid → number; int8 → number when it is a safe integer, else the string;
 * - numeric and money → string (always: a JS number cannot hold every decimal exactly);
 * - float4, float8 → number ('NaN', 'Infinity', '-Infinity' and '-0' stay strings: JSON has no
 *   NaN or infinity, and writes -0 as 0);
 * - bool → boolean; bytea → base64 string;
 * - json, jsonb → their JSON text, unparsed: exact (integers beyond 2^53, -0, 1e400, duplicate keys of
 *   json), and a jsonb 'null' stays the string 'null', distinct from SQL NULL (null);
 * - timestamptz → ISO 8601 in UTC with microseconds ('…T01:04:05.123456Z'); timestamp → ISO without
 *   zone; both only for years 0001–9999, else (years ≥ 10000, BC, 'infinity') as printed; date as printed;
 * - arrays of the types above → JS arrays (nested for multi-dimensional), elements converted alike;
 *   an array whose lower bound is not 1 ('[0:1]={7,8}') stays as printed;
 * - everything else (uuid, text, enums, domains, time, interval, unknown types) → the text.
 * A text that does not parse as expected (a server setting that changes an output format) is kept as
 * printed rather than failing the stream: native mode never throws on a value PostgreSQL sends.
 * `onKeptAsText` hears why each value of a type native mode converts was kept as text (a caller
 * warns once per column with it).
 */
export function convertTextValue(
	text: string | null,
	typeOid: number,
	mode: ValueMode,
	onKeptAsText: KeptAsTextListener = () => {},
): CdcValue {
	if (text === null || mode === 'text') return text;
	return nativeValue(text, typeOid, onKeptAsText);
}

/**
 * Converts one decoded tuple column. Unchanged TOAST → UNCHANGED_TOAST. A binary column (only sent
 * when the stream asked for binary mode, which we do not) becomes base64 of its bytes.
 */
export function convertTupleValue(
	value: TupleValue,
	typeOid: number,
	mode: ValueMode,
	onKeptAsText?: KeptAsTextListener,
): CdcValue {
	switch (value.kind) {
		case 'null':
			return null;
		case 'unchangedToast':
			return UNCHANGED_TOAST;
		case 'binary':
			return value.value.toString('base64');
		default:
			return convertTextValue(value.value, typeOid, mode, onKeptAsText);
	}
}
