import { queryList, queryResponse } from './awsQuery';
import { ControlPlaneError } from './controlPlaneError';
import {
	checkedName,
	durationSeconds,
	issueForIdentity,
	required,
	type ControlPlaneContext,
} from './operations';

const API_VERSION = '2012-12-01';

function iso(date: Date): string {
	return date.toISOString();
}

/** GetClusterCredentials: a login `IAM:<DbUser>` for a named database user. */
async function getClusterCredentials(
	form: URLSearchParams,
	context: ControlPlaneContext,
): Promise<string> {
	required(form.get('ClusterIdentifier') ?? undefined, 'ClusterIdentifier');
	const dbUser = checkedName(required(form.get('DbUser') ?? undefined, 'DbUser'), 'DbUser');
	const groups = queryList(form, 'DbGroups', 'DbGroup').map((group) =>
		checkedName(group, 'DbGroups'),
	);
	const seconds = durationSeconds(form.get('DurationSeconds') ?? undefined);
	const now = context.now();
	const issued = await context.users.issue(
		{
			loginUser: `IAM:${dbUser}`,
			inheritFrom: dbUser,
			autoCreate: form.get('AutoCreate') === 'true',
			dbGroups: groups,
			expiresAt: new Date(now + seconds * 1000),
		},
		now,
	);
	return queryResponse('GetClusterCredentials', {
		DbUser: issued.user,
		DbPassword: issued.password,
		Expiration: iso(issued.expiresAt),
	});
}

/** GetClusterCredentialsWithIAM: a login for the user derived from the caller's AWS identity. */
async function getClusterCredentialsWithIam(
	form: URLSearchParams,
	context: ControlPlaneContext,
): Promise<string> {
	required(form.get('ClusterIdentifier') ?? undefined, 'ClusterIdentifier');
	const issued = await issueForIdentity(
		context,
		durationSeconds(form.get('DurationSeconds') ?? undefined),
	);
	return queryResponse('GetClusterCredentialsWithIAM', {
		DbUser: issued.dbUser,
		DbPassword: issued.dbPassword,
		Expiration: iso(issued.expiration),
		NextRefreshTime: iso(issued.nextRefreshTime ?? issued.expiration),
	});
}

const ACTIONS: Record<
	string,
	(form: URLSearchParams, context: ControlPlaneContext) => Promise<string>
> = {
	GetClusterCredentials: getClusterCredentials,
	GetClusterCredentialsWithIAM: getClusterCredentialsWithIam,
};

/** One awsQuery request of the Redshift API (`Action=…&Version=2012-12-01`), answered in XML. */
export async function redshiftApiAction(
	form: URLSearchParams,
	context: ControlPlaneContext,
): Promise<string> {
	const action = form.get('Action') ?? '';
	const version = form.get('Version');
	if (version !== API_VERSION) {
		throw new ControlPlaneError(
			'InvalidParameterValue',
			`Version must be ${API_VERSION}, got ${version ?? '(none)'}.`,
		);
	}
	const operation = ACTIONS[action];
	if (!operation) {
		throw new ControlPlaneError(
			'InvalidAction',
			`The local Redshift API does not emulate ${action || '(no Action)'}; it emulates ${Object.keys(ACTIONS).join(', ')}.`,
		);
	}
	return await operation(form, context);
}
