import { describeKnownConnectionError } from '../../common/helpers/connectionErrors';
import { SqlBuildError } from '../../shared/redshift/sql/errors';
import type { SourceOperation } from './interfaces';

export interface ReadFailureContext {
	operation: SourceOperation;
	transport: 'wire' | 'dataApi';
	/** Where the connection goes (no secrets). */
	target: string;
	/** `"schema"."table"` for Read Table. */
	table?: string;
}

const DATA_API_LIMIT =
	/too large|larger than|exceeds? .*(limit|size|maximum)|maximum .*(size|length)|64 ?KB|100 ?MB/i;

/** What failed and what to do, for errors from Redshift, the Data API or the SQL builders. */
export function describeReadFailure(
	error: unknown,
	context: ReadFailureContext,
): { message: string; fix?: string } {
	const failure = (error ?? {}) as { code?: string; name?: string; message?: string };
	const message = String(failure.message ?? error).replace(/^ERROR:\s*/, '');
	const inQuery = context.operation === 'executeQuery';
	if (error instanceof SqlBuildError)
		return {
			message,
			fix: /IAM_ROLE|IAM role/i.test(message)
				? 'Enter a role ARN (arn:aws:iam::123456789012:role/name), several separated by commas, or "default" in *IAM Role*.'
				: 'Correct the table or column names in the node parameters.',
		};
	if (context.transport === 'dataApi' && DATA_API_LIMIT.test(message))
		return {
			message: `The Data API refused the result: ${message}`,
			fix: 'The Data API returns at most 100 MB per result and 64 KB per row. Set *Read Mode* to Unload (the result goes through S3), select fewer or shorter columns, or use a direct (wire) connection in the Redshift credential.',
		};
	if (failure.code === '42P01' || /relation .* does not exist/i.test(message))
		return {
			message: context.table
				? `The table ${context.table} does not exist: ${message}`
				: `A table in the query does not exist: ${message}`,
			fix: inQuery
				? 'Check the schema and table names in *Query* (names are folded to lower case unless quoted).'
				: 'Choose an existing table in *Table*, and its schema in *Schema*.',
		};
	if (failure.code === '42703' || /column .* does not exist/i.test(message))
		return {
			message: `A column does not exist: ${message}`,
			fix: inQuery
				? 'Check the column names in *Query* and *Options > Incremental: Cursor Column* / *Key Columns*.'
				: 'Check the columns in *Select Rows*, *Sort*, *Options > Columns to Return* and the incremental options.',
		};
	if (failure.code === '42601' || /syntax error/i.test(message))
		return {
			message: `The SQL has a syntax error: ${message}`,
			fix: 'Correct the SQL in *Query*.',
		};
	if (
		failure.code === '08P01' ||
		failure.code === '42P02' ||
		/bind message supplies|there is no parameter \$|parameter .* (missing|not (found|provided))|uses \$\d+ but only \d+ value/i.test(
			message,
		)
	)
		return {
			message: `The query parameters do not match the query: ${message}`,
			fix: 'Give one value per $1, $2, … of *Query* in *Query Parameters*.',
		};
	if (failure.code === '22P02' || failure.code === '22007' || /invalid input syntax/i.test(message))
		return {
			message: `A value does not fit its column's type: ${message}`,
			fix: inQuery
				? 'Check the values in *Query Parameters* against the columns they are compared with.'
				: 'Check the values in *Select Rows* and *Options > Incremental: Start Value* against the column types.',
		};
	if (failure.code === '42501' || /permission denied/i.test(message))
		return {
			message: `Redshift refused access: ${message}`,
			fix: "Grant the credential's database user SELECT on the table (and USAGE on its schema).",
		};
	const connection = describeKnownConnectionError(error, context.target, 'redshift');
	if (connection) return { message: connection };
	if (failure.name === 'NoSuchBucket')
		return {
			message: `The S3 bucket does not exist: ${message}`,
			fix:
				context.operation === 'readUnloadedFile'
					? 'Check the bucket in *File URL* (an s3:// URL from the Unloaded Files output).'
					: 'Check *S3 Bucket*, and the region in the Redshift S3 Staging credential.',
		};
	return { message: `Reading from Redshift failed: ${message}` };
}
