import type { DataApiContext, OperationOutput } from './dataApiContext';
import { DataApiError, validationError } from './errors';
import { waitForEnd } from './statement';
import { statementId, optionalString, waitTimeSeconds, type RequestBody } from './validation';

interface ResultToken {
	id: string;
	offset: number;
}

/** The page token names the statement and the first row of the next page. */
function encodeToken(token: ResultToken): string {
	return Buffer.from(JSON.stringify(token)).toString('base64');
}

function decodeToken(token: string | undefined, id: string): number {
	if (token === undefined) return 0;
	let decoded: Partial<ResultToken>;
	try {
		decoded = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as Partial<ResultToken>;
	} catch {
		throw validationError('NextToken is not valid.');
	}
	if (decoded.id !== id || !Number.isInteger(decoded.offset) || (decoded.offset ?? -1) < 0) {
		throw validationError('NextToken is not valid for this statement.');
	}
	return decoded.offset ?? 0;
}

/**
 * GetStatementResult: the kept result, page by page. A page ends at `pageRows` rows or `pageBytes`
 * bytes, whichever comes first (Redshift pages at 100 MB); it is fetched as often as wanted while
 * the result is kept.
 */
export async function getStatementResult(
	body: RequestBody,
	context: DataApiContext,
): Promise<OperationOutput> {
	const id = statementId(body);
	const waitSeconds = waitTimeSeconds(body);
	const { record, run, subIndex } = context.store.find(id);
	if (record.subStatements && subIndex === undefined) {
		throw validationError(
			'BatchExecuteStatement result can only be retrieved with sub-statement id.',
		);
	}
	if (waitSeconds > 0) {
		await waitForEnd(record, waitSeconds * 1000);
	}
	const result = run.result;
	if (run.status !== 'FINISHED' || !result) {
		throw validationError(
			'Query does not have result. Please check query status with DescribeStatement.',
		);
	}
	if (result.evicted) {
		throw new DataApiError(
			'ResourceNotFoundException',
			'The result of this query is no longer kept: the local Data API dropped it to stay within its memory bound.',
			{ ResourceId: id },
		);
	}
	const offset = decodeToken(optionalString(body, 'NextToken'), id);
	const page: string[] = [];
	let bytes = 0;
	let next = offset;
	while (next < result.records.length && page.length < context.pageRows) {
		const record = result.records[next];
		if (page.length > 0 && bytes + record.length > context.pageBytes) break;
		page.push(record);
		bytes += record.length;
		next++;
	}
	const nextToken =
		next < result.records.length
			? `,"NextToken":${JSON.stringify(encodeToken({ id, offset: next }))}`
			: '';
	return {
		json: `{"ColumnMetadata":${JSON.stringify(result.columnMetadata)},"Records":[${page.join(',')}],"TotalNumRows":${result.records.length}${nextToken}}`,
	};
}
