import type { RedshiftDataClient } from '@aws-sdk/client-redshift-data';

/** A `longValue` field whose JSON number has more digits than a double holds exactly. */
const LONG_VALUE = /"longValue"\s*:\s*(-?\d{16,})(?=\s*[,}])/g;

/**
 * Rewrites long values JSON.parse would round into string values, in the response text.
 * Inside a JSON string every quote is escaped, so the pattern only meets real fields.
 */
export function keepLongValuesExact(body: string): string {
	return body.replace(LONG_VALUE, (field: string, digits: string) =>
		Number.isSafeInteger(Number(digits)) ? field : `"stringValue":"${digits}"`,
	);
}

interface RawResponse {
	body?: unknown;
}

async function bodyText(body: unknown): Promise<string | undefined> {
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
	if (body && typeof (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
		const chunks: Buffer[] = [];
		for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
		return Buffer.concat(chunks).toString('utf8');
	}
	return undefined;
}

/**
 * The Data API sends BIGINT values as JSON numbers, and the SDK's JSON.parse rounds those beyond
 * ±2^53 (9223372036854775807 became 9223372036854776000). This middleware sits between the HTTP
 * response and the SDK's deserializer and turns such fields into exact string values.
 */
export function addExactLongValues(client: RedshiftDataClient): void {
	client.middlewareStack.add(
		(next) => async (args) => {
			const result = await next(args);
			const response = result.response as RawResponse;
			const text = await bodyText(response?.body);
			if (text !== undefined) response.body = Buffer.from(keepLongValuesExact(text), 'utf8');
			return result;
		},
		{ step: 'deserialize', priority: 'low', name: 'n8nExactLongValues' },
	);
}
