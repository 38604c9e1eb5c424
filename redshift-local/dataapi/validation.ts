import { validationError } from './errors';

/**
 * Readers for request members that check them as the service does. Messages follow the Data API's
 * own form where it is known ("id must satisfy regex pattern: …", seen from the real service);
 * elsewhere they name the member and the constraint from the API reference.
 */

export type RequestBody = Record<string, unknown>;

/** Statement ids, optionally with a batch sub-statement suffix (API reference, Id pattern). */
export const STATEMENT_ID_PATTERN = /^[a-z0-9]{8}(-[a-z0-9]{4}){3}-[a-z0-9]{12}(:\d+)?$/;

export function optionalString(body: RequestBody, member: string): string | undefined {
	const value = body[member];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw validationError(`${member} must be a string.`);
	return value;
}

export function requiredString(body: RequestBody, member: string): string {
	const value = optionalString(body, member);
	if (value === undefined || value.length === 0) {
		throw validationError(`${lowerFirst(member)} must have length greater than or equal to 1.`);
	}
	return value;
}

export function optionalInteger(
	body: RequestBody,
	member: string,
	min: number,
	max: number,
): number | undefined {
	const value = body[member];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw validationError(`${member} must be an integer between ${min} and ${max}.`);
	}
	return value;
}

export function optionalBoolean(body: RequestBody, member: string): boolean | undefined {
	const value = body[member];
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'boolean') throw validationError(`${member} must be a boolean.`);
	return value;
}

export function statementId(body: RequestBody): string {
	const id = requiredString(body, 'Id');
	if (!STATEMENT_ID_PATTERN.test(id)) {
		throw validationError(`id must satisfy regex pattern: ${STATEMENT_ID_PATTERN.source}`);
	}
	return id;
}

/** WaitTimeSeconds: at most 30 (ExecuteStatement, DescribeStatement, GetStatementResult). */
export function waitTimeSeconds(body: RequestBody): number {
	return optionalInteger(body, 'WaitTimeSeconds', 0, 30) ?? 0;
}

export interface SqlParameter {
	name: string;
	value: string;
}

const PARAMETER_NAME = /^[0-9a-zA-Z_]+$/;

export function sqlParameters(body: RequestBody): SqlParameter[] | undefined {
	const value = body.Parameters;
	if (value === undefined || value === null) return undefined;
	if (!Array.isArray(value) || value.length === 0) {
		throw validationError('parameters must have at least 1 item.');
	}
	return value.map((entry: unknown) => {
		const parameter = (entry ?? {}) as RequestBody;
		const name = requiredString(parameter, 'name');
		if (!PARAMETER_NAME.test(name)) {
			throw validationError(`name must satisfy regex pattern: ${PARAMETER_NAME.source}`);
		}
		// The Data API has no NULL or empty parameter (API_SqlParameter: value of at least 1 character).
		const parameterValue = requiredString(parameter, 'value');
		return { name, value: parameterValue };
	});
}

function lowerFirst(text: string): string {
	return text.charAt(0).toLowerCase() + text.slice(1);
}
