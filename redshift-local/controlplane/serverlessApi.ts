import { ControlPlaneError } from './controlPlaneError';
import { durationSeconds, issueForIdentity, type ControlPlaneContext } from './operations';

/** Epoch seconds, the awsJson1_1 timestamp form. */
function epochSeconds(date: Date): number {
	return date.getTime() / 1000;
}

/** `X-Amz-Target: RedshiftServerless.GetCredentials`: a login for the caller's derived `IAM:` user. */
export async function serverlessOperation(
	name: string,
	body: Record<string, unknown>,
	context: ControlPlaneContext,
): Promise<Record<string, unknown>> {
	if (name !== 'GetCredentials') {
		throw new ControlPlaneError(
			'ValidationException',
			`The local Redshift Serverless API does not emulate ${name || '(no operation)'}; it emulates GetCredentials.`,
		);
	}
	const workgroup = typeof body.workgroupName === 'string' ? body.workgroupName : undefined;
	if (!workgroup) throw new ControlPlaneError('ValidationException', 'workgroupName is required.');
	const seconds = body.durationSeconds as string | number | undefined;
	if (seconds !== undefined && typeof seconds !== 'number') {
		throw new ControlPlaneError('ValidationException', 'durationSeconds must be a number.');
	}
	let duration: number;
	try {
		duration = durationSeconds(seconds);
	} catch (error) {
		throw new ControlPlaneError('ValidationException', (error as Error).message);
	}
	const issued = await issueForIdentity(context, duration);
	return {
		dbUser: issued.dbUser,
		dbPassword: issued.dbPassword,
		expiration: epochSeconds(issued.expiration),
		nextRefreshTime: epochSeconds(issued.nextRefreshTime ?? issued.expiration),
	};
}
