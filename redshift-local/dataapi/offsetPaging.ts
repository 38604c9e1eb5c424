import type { OperationOutput } from './dataApiContext';
import { validationError } from './errors';
import { optionalInteger, optionalString, type RequestBody } from './validation';

/**
 * One page of a list the operation computes whole (sessions, catalog entries): MaxResults items
 * (0 or absent: the maximum) after the offset the NextToken holds.
 */
export function offsetPage<T>(
	body: RequestBody,
	items: T[],
	key: string,
	maxResults: number,
): OperationOutput {
	const pageSize = optionalInteger(body, 'MaxResults', 0, maxResults) || maxResults;
	const token = optionalString(body, 'NextToken');
	const offset =
		token === undefined
			? 0
			: Number(
					Buffer.from(token, 'base64')
						.toString('utf8')
						.replace(/^offset:/, ''),
				);
	if (!Number.isInteger(offset) || offset < 0) throw validationError('NextToken is not valid.');
	const end = offset + pageSize;
	const output: Record<string, unknown> = { [key]: items.slice(offset, end) };
	if (end < items.length) output.NextToken = Buffer.from(`offset:${end}`).toString('base64');
	return output;
}
