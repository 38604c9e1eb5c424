import {
	checkedAuthorization,
	INVALID_CREDENTIALS_MESSAGE,
	redactedStatement,
} from '../../../redshift-local/engine/copy/copyAuthorization';
import { parseCopyCommand } from '../../../redshift-local/engine/copy/parseCopyCommand';
import { parseManifest } from '../../../redshift-local/engine/copy/sourceFiles';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/Loader'";

describe('parseCopyCommand', () => {
	it('leaves PostgreSQL COPY and other statements to PostgreSQL', () => {
		expect(parseCopyCommand('COPY t FROM STDIN')).toBeUndefined();
		expect(parseCopyCommand('COPY t (a, b) TO STDOUT WITH (FORMAT csv)')).toBeUndefined();
		expect(parseCopyCommand("COPY t FROM '/tmp/file.csv'")).toBeUndefined();
		expect(parseCopyCommand('COPY (SELECT 1) TO STDOUT')).toBeUndefined();
		expect(parseCopyCommand('SELECT 1')).toBeUndefined();
	});

	it('reads the target, the column list and the source with identifier folding', () => {
		const command = parseCopyCommand(
			`copy Sales."Orders" (ID, "Note") from 's3://bucket/prefix/' ${ROLE};`,
		);
		expect(command?.table).toEqual({ schema: 'sales', name: 'Orders' });
		expect(command?.columns).toEqual(['id', 'Note']);
		expect(command?.source).toBe('s3://bucket/prefix/');
		expect(command?.format).toEqual({ kind: 'text' });
		expect(command?.authorization).toEqual({ iamRole: 'arn:aws:iam::123456789012:role/Loader' });
	});

	it('reads CSV options with and without AS', () => {
		const command = parseCopyCommand(
			`COPY t FROM 's3://b/k' ${ROLE} FORMAT AS CSV QUOTE AS '''' DELIMITER AS ';' IGNOREHEADER AS 2 NULL AS 'NULL' GZIP MANIFEST REGION AS 'eu-west-1' COMPUPDATE OFF STATUPDATE ON`,
		);
		expect(command).toMatchObject({
			format: { kind: 'csv' },
			quote: "'",
			delimiter: ';',
			ignoreHeader: 2,
			nullAs: 'NULL',
			compression: 'gzip',
			manifest: true,
			region: 'eu-west-1',
		});
		expect(parseCopyCommand(`COPY t FROM 's3://b/k' CSV DELIMITER '\\t' ${ROLE}`)?.delimiter).toBe(
			'\t',
		);
	});

	it('reads JSON modes and conversion options', () => {
		expect(parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} JSON 'auto'`)?.format).toEqual({
			kind: 'json',
			mode: 'auto',
		});
		expect(
			parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} FORMAT AS JSON 'auto ignorecase'`)?.format,
		).toEqual({
			kind: 'json',
			mode: 'auto ignorecase',
		});
		expect(
			parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} FORMAT JSON AS 's3://b/paths.json' ZSTD`),
		).toMatchObject({
			format: { kind: 'json', mode: 'jsonpaths', jsonPathsUrl: 's3://b/paths.json' },
			compression: 'zstd',
		});
		const command = parseCopyCommand(
			`COPY t FROM 's3://b/k' WITH CREDENTIALS AS 'aws_iam_role=arn:aws:iam::123456789012:role/R' EMPTYASNULL BLANKSASNULL TIMEFORMAT 'YYYY-MM-DD HH:MI:SS' DATEFORMAT AS 'auto' ACCEPTINVCHARS AS '^' TRUNCATECOLUMNS MAXERROR AS 5 ESCAPE`,
		);
		expect(command).toMatchObject({
			emptyAsNull: true,
			blanksAsNull: true,
			timeFormat: 'YYYY-MM-DD HH:MI:SS',
			dateFormat: 'auto',
			acceptInvChars: '^',
			truncateColumns: true,
			maxError: 5,
			escape: true,
		});
		expect(parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} ACCEPTINVCHARS`)?.acceptInvChars).toBe(
			'?',
		);
		expect(parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} MAXERROR 500000`)?.maxError).toBe(
			100000,
		);
	});

	it("rejects what Redshift rejects with Redshift's messages", () => {
		expect(() => parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} BOGUS`)).toThrow(
			'syntax error at or near "BOGUS"',
		);
		expect(() => parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} CSV ESCAPE`)).toThrow(
			'CSV is not compatible with ESCAPE',
		);
		expect(() => parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} DELIMITER 'ab'`)).toThrow(
			'single one-byte character',
		);
		expect(() => parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} FORMAT AVRO 'auto'`)).toThrow(
			'FORMAT AVRO is not supported',
		);
		expect(
			parseCopyCommand(
				`COPY t FROM 's3://b/k' ${ROLE} FORMAT AS PARQUET SERIALIZETOJSON STATUPDATE OFF`,
			)?.format,
		).toEqual({
			kind: 'parquet',
		});
		expect(() => parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} FORMAT PARQUET GZIP`)).toThrow(
			'GZIP argument is not supported for PARQUET based COPY',
		);
		expect(() => parseCopyCommand(`COPY t FROM 's3://b/k' ${ROLE} IGNOREHEADER 'x'`)).toThrow(
			'syntax error at or near "x"',
		);
	});
});

describe('checkedAuthorization', () => {
	it('requires exactly one authorization method', () => {
		expect(() => checkedAuthorization({})).toThrow(INVALID_CREDENTIALS_MESSAGE);
		expect(() =>
			checkedAuthorization({
				iamRole: 'arn:aws:iam::123456789012:role/R',
				accessKeyId: 'AKIA',
				secretAccessKey: 's',
			}),
		).toThrow(INVALID_CREDENTIALS_MESSAGE);
		expect(() => checkedAuthorization({ accessKeyId: 'AKIA' })).toThrow(
			INVALID_CREDENTIALS_MESSAGE,
		);
		expect(() => checkedAuthorization({ credentials: 'aws_access_key_id=AKIA' })).toThrow(
			INVALID_CREDENTIALS_MESSAGE,
		);
	});

	it('keeps role ARNs and key ids but never secrets', () => {
		expect(checkedAuthorization({ iamRole: 'arn:aws:iam::123456789012:role/R' })).toBe(
			"IAM_ROLE 'arn:aws:iam::123456789012:role/R'",
		);
		expect(checkedAuthorization({ iamRole: 'default' })).toBe('IAM_ROLE default');
		const keys = checkedAuthorization({
			accessKeyId: 'AKIAEXAMPLE',
			secretAccessKey: 'verysecret',
			sessionToken: 'tok',
		});
		expect(keys).toContain('AKIAEXAMPLE');
		expect(keys).not.toContain('verysecret');
		expect(keys).not.toContain('tok');
		const legacy = checkedAuthorization({
			credentials: 'aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=verysecret',
		});
		expect(legacy).toBe("CREDENTIALS 'aws_access_key_id=AKIAEXAMPLE;aws_secret_access_key=***'");
	});
});

describe('redactedStatement', () => {
	it('replaces every secret of the statement', () => {
		const keys =
			"COPY t FROM 's3://b/k' ACCESS_KEY_ID 'AKIAKEY' SECRET_ACCESS_KEY 's3cr3t' SESSION_TOKEN 'tok3n'";
		expect(
			redactedStatement(keys, {
				accessKeyId: 'AKIAKEY',
				secretAccessKey: 's3cr3t',
				sessionToken: 'tok3n',
			}),
		).toBe(
			"COPY t FROM 's3://b/k' ACCESS_KEY_ID 'AKIAKEY' SECRET_ACCESS_KEY '***' SESSION_TOKEN '***'",
		);
		const credentials = 'aws_access_key_id=AKIAKEY;aws_secret_access_key=s3cr3t;token=tok3n';
		expect(
			redactedStatement(`COPY t FROM 's3://b/k' CREDENTIALS '${credentials}'`, { credentials }),
		).toBe(
			"COPY t FROM 's3://b/k' CREDENTIALS 'aws_access_key_id=AKIAKEY;aws_secret_access_key=***;token=***'",
		);
	});
});

describe('parseManifest', () => {
	it('reads entries with mandatory defaulting to false and meta.content_length, ignoring extra keys', () => {
		const entries = parseManifest(
			JSON.stringify({
				entries: [
					{ url: 's3://b/a.csv', mandatory: true, meta: { content_length: 10 } },
					{ url: 's3://b/c.csv' },
				],
				author: { name: 'Amazon Redshift' },
			}),
			's3://b/manifest',
		);
		expect(entries).toEqual([
			{ url: 's3://b/a.csv', mandatory: true, contentLength: 10 },
			{ url: 's3://b/c.csv', mandatory: false, contentLength: undefined },
		]);
	});

	it('rejects malformed manifests and prefixes', () => {
		expect(() => parseManifest('{', 's3://b/m')).toThrow(
			'Manifest file is not in correct json format',
		);
		expect(() => parseManifest('{"files": []}', 's3://b/m')).toThrow(
			'Manifest file is not in correct json format',
		);
		expect(() => parseManifest('{"entries": [{"url": "s3://b/dir/"}]}', 's3://b/m')).toThrow(
			'COPY with MANIFEST parameter requires full path of an S3 object',
		);
	});
});
