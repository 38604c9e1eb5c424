import type { SslMode } from '../../net/sslMode';

/** A value sent with a statement: bound as a parameter, never spliced into the SQL text. */
export type SqlValue = string | number | boolean | bigint | null;

/** SQL text with `$1…$n` placeholders and their values. */
export interface SqlStatement {
	text: string;
	values?: readonly SqlValue[];
}

export interface SqlColumn {
	name: string;
	/** Redshift's type name as the server reports it (int4, varchar, numeric, timestamptz, …). */
	typeName: string;
}

/**
 * Rows come back with int8 and numeric as strings (no silent precision loss), dates and
 * timestamps in their text form, booleans and small numbers as JS values.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlResult {
	columns: SqlColumn[];
	rows: SqlRow[];
	/** Rows returned or affected; null when the server does not say. */
	rowCount: number | null;
	/** Statement/query id where the transport has one (Data API statement id). */
	statementId?: string;
}

export interface QueryOptions {
	/** Aborting cancels the statement on the server. */
	signal?: AbortSignal;
}

/** One interface for running SQL on Redshift, over the wire protocol or the Data API. */
export interface RedshiftConnection {
	readonly transport: 'wire' | 'dataApi';
	query(statement: SqlStatement, options?: QueryOptions): Promise<SqlResult>;
	/**
	 * Runs the statements in one transaction: all commit or none does. On the wire this is
	 * BEGIN … COMMIT on one session; on the Data API it is one BatchExecuteStatement.
	 */
	transaction(statements: readonly SqlStatement[], options?: QueryOptions): Promise<SqlResult[]>;
	/** Streams a query's rows in pages of at most `pageSize` rows, with bounded memory. */
	stream(
		statement: SqlStatement,
		pageSize: number,
		options?: QueryOptions,
	): AsyncIterable<SqlRow[]>;
	close(): Promise<void>;
}

export interface WireConnectionOptions {
	host: string;
	port: number;
	database: string;
	/** The database user and password; ignored when `iam` is set (the temporary credentials replace them). */
	user: string;
	password: string;
	/** Log in with temporary credentials from GetClusterCredentials or Serverless GetCredentials. */
	iam?: WireIamLogin;
	ssl: SslMode;
	/** PEM CA bundle for verify-full (e.g. Amazon's Redshift CA bundle). */
	ca?: string;
	maxConnections?: number;
	/** Application name shown in Redshift's session views. */
	applicationName?: string;
}

/** Which API issues the temporary database credentials. */
export type IamLoginTarget =
	| {
			/** Provisioned cluster, `GetClusterCredentials`: the named database user (`IAM:<dbUser>` at login). */
			kind: 'cluster';
			clusterIdentifier: string;
			dbUser: string;
			/** Create the user at first login when it does not exist. */
			autoCreate?: boolean;
			/** Groups the user joins for sessions opened with these credentials. */
			dbGroups?: readonly string[];
			/** 900–3600; default 900. */
			durationSeconds?: number;
	  }
	| {
			/** Provisioned cluster, `GetClusterCredentialsWithIAM`: the user is derived from the AWS identity. */
			kind: 'clusterIam';
			clusterIdentifier: string;
			durationSeconds?: number;
	  }
	| {
			/** Serverless workgroup, `redshift-serverless GetCredentials`: the user is derived from the AWS identity. */
			kind: 'serverless';
			workgroupName: string;
			durationSeconds?: number;
	  };

export type WireIamLogin = IamLoginTarget & {
	/** The AWS account side: region, keys (or the default chain) and an optional custom endpoint. */
	aws: AwsCredentialsOptions;
	/** Ask for new credentials this long before the current ones expire; default 60 s. */
	refreshBeforeExpirySeconds?: number;
	/** Milliseconds since the epoch; tests inject their own clock. */
	now?: () => number;
};

export interface AwsCredentialsOptions {
	region: string;
	/** Omit both keys to use the default credential chain (environment, profile, instance role). */
	accessKeyId?: string;
	secretAccessKey?: string;
	sessionToken?: string;
	/** Custom endpoint (tests, VPC endpoints). */
	endpoint?: string;
}

export interface DataApiConnectionOptions extends AwsCredentialsOptions {
	database: string;
	/** Provisioned cluster… */
	clusterIdentifier?: string;
	/** …or Serverless workgroup. */
	workgroupName?: string;
	/** Secrets Manager secret with the database user's credentials… */
	secretArn?: string;
	/** …or a database user for temporary credentials (provisioned clusters only). */
	dbUser?: string;
	/** First and longest wait between DescribeStatement polls. */
	pollIntervalMs?: { first: number; max: number };
}

export type { SslMode };
