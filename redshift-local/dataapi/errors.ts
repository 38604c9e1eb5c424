/**
 * Errors the Data API returns in the awsJson1_1 shape the AWS SDK parses: the exception name in
 * `__type`, the text in `message`, plus the exception's own members (ResourceId, StatementId).
 */
export type DataApiErrorType =
	| 'ValidationException'
	| 'ResourceNotFoundException'
	| 'ExecuteStatementException'
	| 'BatchExecuteStatementException'
	| 'ActiveSessionsExceededException'
	| 'ActiveStatementsExceededException'
	| 'InternalServerException'
	| 'DatabaseConnectionException'
	| 'SerializationException'
	| 'UnknownOperationException';

/** HTTP status per exception, as the service model declares it (httpError trait). */
const STATUS_BY_TYPE: Record<DataApiErrorType, number> = {
	ValidationException: 400,
	ResourceNotFoundException: 404,
	ExecuteStatementException: 500,
	BatchExecuteStatementException: 500,
	ActiveSessionsExceededException: 400,
	ActiveStatementsExceededException: 400,
	InternalServerException: 500,
	DatabaseConnectionException: 500,
	SerializationException: 400,
	UnknownOperationException: 400,
};

export class DataApiError extends Error {
	constructor(
		readonly type: DataApiErrorType,
		message: string,
		readonly members: Record<string, string> = {},
	) {
		super(message);
		this.name = type;
	}

	get status(): number {
		return STATUS_BY_TYPE[this.type];
	}

	toJson(): string {
		return JSON.stringify({ __type: this.type, message: this.message, ...this.members });
	}
}

export function validationError(message: string): DataApiError {
	return new DataApiError('ValidationException', message);
}

/** Redshift's text for an unknown statement id ("Query does not exist."), with the id as ResourceId. */
export function queryNotFound(id: string): DataApiError {
	return new DataApiError('ResourceNotFoundException', 'Query does not exist.', { ResourceId: id });
}
