import { buildCopy, buildUnload, redactCopy } from '../../../../nodes/shared/redshift/sql';

const role = 'arn:aws:iam::123456789012:role/RedshiftCopy';

describe('COPY', () => {
	it('loads gzip CSV from a manifest with the staging options and an explicit column list', () => {
		expect(
			buildCopy({
				table: { schema: 'public', name: 'Orders' },
				columns: ['Id', 'Note'],
				from: 's3://stage-bucket/runs/r1/manifest.json',
				authorization: { iamRole: role },
				format: { type: 'CSV', nullAs: '__n8n_null__' },
				compression: 'GZIP',
				timeFormat: 'auto',
				dateFormat: 'auto',
				region: 'eu-west-1',
				acceptInvChars: true,
				truncateColumns: true,
				maxError: 0,
			}),
		).toBe(
			`COPY "public"."orders" ("id", "note") FROM 's3://stage-bucket/runs/r1/manifest.json' IAM_ROLE '${role}' ` +
				`FORMAT AS CSV NULL AS '__n8n_null__' GZIP REGION AS 'eu-west-1' TIMEFORMAT AS 'auto' DATEFORMAT AS 'auto' ` +
				'ACCEPTINVCHARS TRUNCATECOLUMNS MAXERROR 0 COMPUPDATE OFF STATUPDATE OFF MANIFEST',
		);
	});

	it('writes JSON and Parquet variants, chained roles and the default role', () => {
		expect(
			buildCopy({
				table: { name: 't' },
				from: 's3://b-1/k/manifest',
				authorization: { iamRole: [role, 'arn:aws:iam::210987654321:role/Other'] },
				format: { type: 'JSON' },
				compression: 'ZSTD',
				emptyAsNull: true,
				blanksAsNull: true,
				acceptInvChars: '^',
			}),
		).toBe(
			`COPY "t" FROM 's3://b-1/k/manifest' IAM_ROLE '${role},arn:aws:iam::210987654321:role/Other' FORMAT AS JSON 'auto' ZSTD ` +
				`EMPTYASNULL BLANKSASNULL ACCEPTINVCHARS AS '^' COMPUPDATE OFF STATUPDATE OFF MANIFEST`,
		);
		expect(
			buildCopy({
				table: { name: 't' },
				from: 's3://b-1/k/manifest',
				authorization: { iamRole: 'default' },
				format: { type: 'PARQUET', serializeToJson: true },
			}),
		).toBe(
			`COPY "t" FROM 's3://b-1/k/manifest' IAM_ROLE default FORMAT AS PARQUET SERIALIZETOJSON STATUPDATE OFF MANIFEST`,
		);
		expect(() =>
			buildCopy({
				table: { name: 't' },
				from: 's3://b-1/k',
				authorization: { iamRole: 'default' },
				format: { type: 'PARQUET' },
				region: 'eu-west-1',
			}),
		).toThrow(/Parquet does not accept region/);
	});

	it('puts access keys in, and redactCopy takes them out again', () => {
		const keys = {
			accessKeyId: 'AKIAEXAMPLE123',
			secretAccessKey: 'abc/def+ghi=',
			sessionToken: 'TOKEN+/=',
		};
		const copy = buildCopy({
			table: { name: 't' },
			from: 's3://b-1/k/manifest',
			authorization: keys,
			format: { type: 'CSV' },
			manifest: false,
		});
		expect(copy).toBe(
			`COPY "t" FROM 's3://b-1/k/manifest' ACCESS_KEY_ID 'AKIAEXAMPLE123' SECRET_ACCESS_KEY 'abc/def+ghi=' SESSION_TOKEN 'TOKEN+/=' ` +
				'FORMAT AS CSV COMPUPDATE OFF STATUPDATE OFF',
		);
		const redacted = redactCopy(copy);
		expect(redacted).toBe(
			`COPY "t" FROM 's3://b-1/k/manifest' ACCESS_KEY_ID '***' SECRET_ACCESS_KEY '***' SESSION_TOKEN '***' FORMAT AS CSV COMPUPDATE OFF STATUPDATE OFF`,
		);
		const legacy = buildCopy({
			table: { name: 't' },
			from: 's3://b-1/k/manifest',
			authorization: { ...keys, style: 'credentials' },
			format: { type: 'CSV' },
		});
		expect(legacy).toContain(
			`CREDENTIALS 'aws_access_key_id=AKIAEXAMPLE123;aws_secret_access_key=abc/def+ghi=;token=TOKEN+/='`,
		);
		expect(redactCopy(legacy)).toContain(
			`CREDENTIALS 'aws_access_key_id=***;aws_secret_access_key=***;token=***'`,
		);
		for (const secret of ['AKIAEXAMPLE123', 'abc/def+ghi=', 'TOKEN+/=']) {
			expect(redactCopy(legacy)).not.toContain(secret);
			expect(redactCopy(copy)).not.toContain(secret);
		}
		expect(redactCopy(`error near aws_secret_access_key=XYZ;`)).toBe(
			'error near aws_secret_access_key=***;',
		);
		expect(redactCopy(`IAM_ROLE '${role}'`)).toBe(`IAM_ROLE '${role}'`);
	});

	it('escapes the S3 URL literal and refuses bad URLs, roles, keys and options', () => {
		expect(
			buildCopy({
				table: { name: 't' },
				from: "s3://b-1/it's here/manifest",
				authorization: { iamRole: 'default' },
				format: { type: 'CSV' },
			}),
		).toContain(`FROM 's3://b-1/it''s here/manifest'`);
		expect(() =>
			buildCopy({
				table: { name: 't' },
				from: 's3://b-1/a\\b/manifest',
				authorization: { iamRole: 'default' },
				format: { type: 'CSV' },
			}),
		).toThrow(/contains a backslash/);
		const base = {
			table: { name: 't' },
			authorization: { iamRole: 'default' },
			format: { type: 'CSV' as const },
		};
		expect(() => buildCopy({ ...base, from: 'https://b-1/k' })).toThrow(/not an S3 URL/);
		expect(() => buildCopy({ ...base, from: 's3://B/k' })).toThrow(/bucket name/);
		expect(() =>
			buildCopy({ ...base, from: 's3://b-1/k', authorization: { iamRole: "arn' x" } }),
		).toThrow(/not an IAM role ARN/);
		expect(() =>
			buildCopy({
				...base,
				from: 's3://b-1/k',
				authorization: { accessKeyId: "a'", secretAccessKey: 'b' },
			}),
		).toThrow(/access key id/);
		expect(() => buildCopy({ ...base, from: 's3://b-1/k', region: "eu'" })).toThrow(
			/not an AWS region/,
		);
		expect(() => buildCopy({ ...base, from: 's3://b-1/k', maxError: 1.5 })).toThrow(/MAXERROR/);
		expect(() =>
			buildCopy({ ...base, from: 's3://b-1/k', format: { type: 'CSV', delimiter: ',,' } }),
		).toThrow(/one character/);
		expect(() => buildCopy({ ...base, from: 's3://b-1/k', compression: 'LZMA' as never })).toThrow(
			/Unknown COPY compression/,
		);
	});
});

describe('UNLOAD', () => {
	it('writes Parquet with a verbose manifest, parallel and file size, the query as an escaped literal', () => {
		expect(
			buildUnload({
				query: "SELECT * FROM \"public\".\"t\" WHERE name = 'O''Brien' AND path LIKE 'a\\\\%';",
				to: 's3://b-1/unload/run-1/',
				authorization: { iamRole: role },
				maxFileSizeMb: 100,
				overwrite: 'CLEANPATH',
				region: 'us-east-1',
			}),
		).toBe(
			`UNLOAD ('SELECT * FROM "public"."t" WHERE name = ''O''''Brien'' AND path LIKE ''a\\\\\\\\%''') ` +
				`TO 's3://b-1/unload/run-1/' IAM_ROLE '${role}' FORMAT AS PARQUET MANIFEST VERBOSE CLEANPATH PARALLEL ON ` +
				`MAXFILESIZE AS 100 MB REGION AS 'us-east-1'`,
		);
	});

	it('writes CSV with header, NULL AS and compression, serial, nested for LIMIT', () => {
		expect(
			buildUnload({
				query: 'SELECT a FROM t ORDER BY a LIMIT 10',
				to: 's3://b-1/u/',
				authorization: { iamRole: 'default' },
				format: 'CSV',
				header: true,
				nullAs: '__n8n_null__',
				compression: 'GZIP',
				manifest: true,
				parallel: false,
				overwrite: 'ALLOWOVERWRITE',
				nestQuery: true,
			}),
		).toBe(
			`UNLOAD ('SELECT * FROM (SELECT a FROM t ORDER BY a LIMIT 10) AS "_n8n_unload"') TO 's3://b-1/u/' IAM_ROLE default ` +
				`FORMAT AS CSV HEADER NULL AS '__n8n_null__' GZIP MANIFEST ALLOWOVERWRITE PARALLEL OFF`,
		);
	});

	it('refuses several statements, bad sizes, hidden prefixes and options Parquet rejects', () => {
		const base = { to: 's3://b-1/u/', authorization: { iamRole: 'default' } };
		expect(() => buildUnload({ ...base, query: 'SELECT 1; DROP TABLE t' })).toThrow(
			/exactly one SELECT/,
		);
		expect(buildUnload({ ...base, query: "SELECT ';' AS x" })).toContain(
			"UNLOAD ('SELECT '';'' AS x')",
		);
		expect(() => buildUnload({ ...base, query: '  ' })).toThrow(/non-empty/);
		expect(() => buildUnload({ ...base, query: 'SELECT 1', maxFileSizeMb: 4 })).toThrow(
			/5 to 6200/,
		);
		expect(() => buildUnload({ ...base, query: 'SELECT 1', to: 's3://b-1/_tmp/' })).toThrow(
			/must not start with _/,
		);
		expect(() => buildUnload({ ...base, query: 'SELECT 1', header: true })).toThrow(
			/HEADER and NULL AS are for CSV/,
		);
		expect(() => buildUnload({ ...base, query: 'SELECT 1', compression: 'GZIP' })).toThrow(
			/compresses inside the file/,
		);
	});
});
