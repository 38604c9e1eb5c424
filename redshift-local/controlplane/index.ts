import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { parseQueryForm, queryError } from './awsQuery';
import { ControlPlaneError } from './controlPlaneError';
import type { ControlPlaneContext } from './operations';
import { redshiftApiAction } from './redshiftApi';
import { serverlessOperation } from './serverlessApi';
import { TemporaryUsers, type PostgresAdmin } from './temporaryUsers';

export { ControlPlaneError } from './controlPlaneError';

export interface ControlPlaneOptions {
	/** The PostgreSQL behind the local Redshift, as a superuser: temporary users are roles there. */
	postgres: PostgresAdmin;
	/** Milliseconds since the epoch for issuing credentials; default Date.now. */
	now?: () => number;
}

/**
 * The few Redshift control-plane operations that issue temporary database credentials, served on the
 * Data API's HTTP endpoint: Redshift's awsQuery API (form-encoded `Action=GetClusterCredentials…`) and
 * Redshift Serverless' awsJson1_1 API (`X-Amz-Target: RedshiftServerless.GetCredentials`).
 */
export interface ControlPlane {
	/** Whether a request is for the control plane rather than the Data API. */
	handles(request: IncomingMessage): boolean;
	handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
	close(): Promise<void>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

async function readText(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > MAX_REQUEST_BYTES)
			throw new ControlPlaneError('InvalidParameterValue', 'The request body is too large.');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The access key id in `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, …`. */
function accessKeyIdOf(request: IncomingMessage): string | undefined {
	return /Credential=([^/\s,]+)\//.exec(String(request.headers.authorization ?? ''))?.[1];
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
	response.writeHead(status, {
		'content-type': contentType,
		'content-length': Buffer.byteLength(body),
		'x-amzn-requestid': randomUUID(),
	});
	response.end(body);
}

function serverlessTarget(request: IncomingMessage): string | undefined {
	const target = String(request.headers['x-amz-target'] ?? '');
	return target.startsWith('RedshiftServerless.')
		? target.slice('RedshiftServerless.'.length)
		: undefined;
}

function isQueryForm(request: IncomingMessage): boolean {
	return String(request.headers['content-type'] ?? '').startsWith(
		'application/x-www-form-urlencoded',
	);
}

function asFailure(error: unknown): ControlPlaneError {
	return error instanceof ControlPlaneError
		? error
		: new ControlPlaneError(
				'InternalFailure',
				`The local control plane failed: ${(error as Error).message}`,
				500,
			);
}

export function createControlPlane(options: ControlPlaneOptions): ControlPlane {
	const users = new TemporaryUsers(options.postgres);
	const now = options.now ?? Date.now;
	return {
		handles: (request) =>
			request.method === 'POST' &&
			(isQueryForm(request) || serverlessTarget(request) !== undefined),
		async handle(request, response) {
			const context: ControlPlaneContext = { users, now, accessKeyId: accessKeyIdOf(request) };
			const serverless = serverlessTarget(request);
			if (serverless !== undefined) {
				try {
					const text = await readText(request);
					const body = text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
					send(
						response,
						200,
						'application/x-amz-json-1.1',
						JSON.stringify(await serverlessOperation(serverless, body, context)),
					);
				} catch (error) {
					const failure =
						error instanceof SyntaxError
							? new ControlPlaneError('ValidationException', 'The request body is not JSON.')
							: asFailure(error);
					send(
						response,
						failure.status,
						'application/x-amz-json-1.1',
						JSON.stringify({ __type: failure.code, message: failure.message }),
					);
				}
				return;
			}
			try {
				const form = parseQueryForm(await readText(request));
				send(response, 200, 'text/xml', await redshiftApiAction(form, context));
			} catch (error) {
				const failure = asFailure(error);
				send(
					response,
					failure.status,
					'text/xml',
					queryError(failure.code, failure.message, failure.status),
				);
			}
		},
		close: async () => await users.close(),
	};
}
