import { dataFileKey } from '../../../redshift-local/engine/unload/dataFiles';
import { buildManifest, manifestType } from '../../../redshift-local/engine/unload/manifest';
import {
	microsSinceEpoch,
	daysSinceEpoch,
	unscaledDecimal,
} from '../../../redshift-local/engine/unload/parquetColumns';
import { OID } from '../../../redshift-local/engine/unload/resultColumns';
import {
	csvLine,
	delimitedLine,
	jsonLine,
} from '../../../redshift-local/engine/unload/textEncoding';
import { isUnload, parseUnload } from '../../../redshift-local/engine/unload/unloadCommand';

const ROLE = "IAM_ROLE 'arn:aws:iam::123456789012:role/R'";

describe('parseUnload', () => {
	it('undoes doubled quotes in the query and splits bucket and prefix', () => {
		const command = parseUnload(
			`unload ('select * from venue where venuestate=''NV''') to 's3://bucket/unload/venue_' ${ROLE};`,
		);
		expect(command.query).toBe("select * from venue where venuestate='NV'");
		expect(command.bucket).toBe('bucket');
		expect(command.prefix).toBe('unload/venue_');
		expect(command).toMatchObject({
			format: 'text',
			delimiter: '|',
			parallel: true,
			manifest: 'none',
			overwrite: 'fail',
		});
	});

	it('reads every emulated option', () => {
		const command = parseUnload(
			`UNLOAD ('select 1') TO 's3://b/p/' IAM_ROLE default FORMAT AS CSV DELIMITER AS ';' HEADER ` +
				`NULL AS 'NIL' ADDQUOTES GZIP MANIFEST VERBOSE CLEANPATH PARALLEL OFF MAXFILESIZE AS 1 GB REGION AS 'eu-west-1' EXTENSION 'csv.gz'`,
		);
		expect(command).toMatchObject({
			format: 'csv',
			delimiter: ';',
			header: true,
			nullAs: 'NIL',
			addQuotes: true,
			compression: 'gzip',
			manifest: 'verbose',
			overwrite: 'cleanpath',
			parallel: false,
			maxFileSize: 1024 * 1024 * 1024,
			region: 'eu-west-1',
			extension: 'csv.gz',
		});
	});

	it('processes backslash escapes in its strings, as Redshift does', () => {
		const command = parseUnload(
			`UNLOAD ('select ''a\\\\b'' as x') TO 's3://b/venue_tab_' ${ROLE} DELIMITER AS '\\t' NULL AS '\\\\N'`,
		);
		expect(command.delimiter).toBe('\t');
		expect(command.nullAs).toBe('\\N');
		expect(command.query).toBe("select 'a\\b' as x");
	});

	it('defaults the CSV delimiter to a comma and MAXFILESIZE units to MB', () => {
		const command = parseUnload(
			`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} CSV MAXFILESIZE 5 ALLOWOVERWRITE PARALLEL TRUE`,
		);
		expect(command.delimiter).toBe(',');
		expect(command.maxFileSize).toBe(5 * 1024 * 1024);
		expect(command.overwrite).toBe('allow');
		expect(command.parallel).toBe(true);
	});

	it('accepts CREDENTIALS and access keys as authorization', () => {
		expect(
			parseUnload(`UNLOAD ('select 1') TO 's3://b/p' CREDENTIALS 'aws_iam_role=arn:x'`)
				.authorization,
		).toBe('credentials');
		expect(
			parseUnload(
				`UNLOAD ('select 1') TO 's3://b/p' ACCESS_KEY_ID 'a' SECRET_ACCESS_KEY 's' SESSION_TOKEN 't'`,
			).authorization,
		).toBe('access_keys');
	});

	it('rejects what Redshift rejects', () => {
		const bad: Array<[string, RegExp]> = [
			[`UNLOAD ('select 1') TO 's3://b/p'`, /needs authorization/],
			[`UNLOAD ('select 1') TO 's3://b/p' ACCESS_KEY_ID 'a'`, /needs authorization/],
			[
				`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} ALLOWOVERWRITE CLEANPATH`,
				/CLEANPATH cannot be used with ALLOWOVERWRITE/,
			],
			[
				`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} PARQUET GZIP`,
				/PARQUET format can't be used with GZIP/,
			],
			[
				`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} FORMAT PARQUET NULL AS 'x'`,
				/can't be used with NULL AS/,
			],
			[
				`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} JSON HEADER`,
				/JSON format can't be used with HEADER/,
			],
			[`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} MAXFILESIZE 4 MB`, /between 5 MB and 6.2 GB/],
			[`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} MAXFILESIZE 7 GB`, /between 5 MB and 6.2 GB/],
			[
				`UNLOAD ('select * from t limit 10') TO 's3://b/p' ${ROLE}`,
				/Limit clause is not supported/,
			],
			[`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} BZIP2`, /not emulated/],
			[`UNLOAD ('select 1') TO 'https://b/p' ${ROLE}`, /Invalid S3 path/],
			[`UNLOAD (select 1) TO 's3://b/p' ${ROLE}`, /one quoted string/],
			[`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} DELIMITER '||'`, /single ASCII character/],
			[
				`UNLOAD ('select 1') TO 's3://b/p' ${ROLE} FROBNICATE`,
				/syntax error at or near "FROBNICATE"/,
			],
		];
		for (const [sql, message] of bad) expect(() => parseUnload(sql)).toThrow(message);
	});

	it('never echoes a quoted string (it may be a credential) in a syntax error', () => {
		const sql = `UNLOAD ('select 1') TO 's3://b/p' CREDENTIALS 'aws_access_key_id=AKIA;aws_secret_access_key=SECRET' 'SECRET2'`;
		expect(() => parseUnload(sql)).toThrow('syntax error at or near "\'…\'"');
		try {
			parseUnload(sql);
		} catch (error) {
			expect(String((error as Error).message)).not.toContain('SECRET');
		}
	});

	it('allows LIMIT inside a nested query', () => {
		expect(() =>
			parseUnload(
				`UNLOAD ('select * from t where id in (select id from t order by id limit 10)') TO 's3://b/p' ${ROLE}`,
			),
		).not.toThrow();
	});

	it('recognises UNLOAD after comments only', () => {
		expect(isUnload('-- note\n  /* x */ UNLOAD (')).toBe(true);
		expect(isUnload("select 'unload'")).toBe(false);
	});
});

describe('data file names', () => {
	const base = parseUnload(`UNLOAD ('select 1') TO 's3://b/venue_' ${ROLE}`);
	it('follow Redshift: slice and part in parallel, a serial number otherwise, with the format extension', () => {
		expect(dataFileKey(base, 0, 0)).toBe('venue_0000_part_00');
		expect(dataFileKey(base, 3, 1)).toBe('venue_0003_part_01');
		expect(dataFileKey({ ...base, parallel: false }, 0, 2)).toBe('venue_002');
		expect(dataFileKey({ ...base, compression: 'gzip' }, 1, 0)).toBe('venue_0001_part_00.gz');
		expect(dataFileKey({ ...base, compression: 'zstd', parallel: false }, 0, 0)).toBe(
			'venue_000.zst',
		);
		expect(dataFileKey({ ...base, format: 'parquet' }, 0, 0)).toBe('venue_0000_part_00.parquet');
		expect(dataFileKey({ ...base, compression: 'gzip', extension: 'txt.gz' }, 0, 0)).toBe(
			'venue_0000_part_00.txt.gz',
		);
	});
});

describe('line encodings', () => {
	const text = { delimiter: '|', addQuotes: false, escape: false };
	it('writes NULL as an empty field by default and as NULL AS when given', () => {
		expect(delimitedLine(['1', null, ''], text)).toBe('1||\n');
		expect(delimitedLine(['1', null], { ...text, nullAs: '\\N' })).toBe('1|\\N\n');
	});

	it('escapes newline, carriage return, delimiter and backslash with ESCAPE, and quotes with ADDQUOTES', () => {
		expect(delimitedLine(['a|b\nc\\d\re', 'say "hi"'], { ...text, escape: true })).toBe(
			'a\\|b\\\nc\\\\d\\\re|say "hi"\n',
		);
		expect(delimitedLine(['say "hi"', "it's"], { ...text, escape: true, addQuotes: true })).toBe(
			'"say \\"hi\\""|"it\\\'s"\n',
		);
		expect(delimitedLine([null], { ...text, escape: true, nullAs: '\\N' })).toBe('\\\\N\n');
	});

	it('quotes CSV fields only when needed, doubling quotes', () => {
		const csv = { delimiter: ',', addQuotes: false, escape: false };
		expect(csvLine(['1', 'Columbus "Crew" Stadium', 'a,b', 'plain', null], csv)).toBe(
			'1,"Columbus ""Crew"" Stadium","a,b",plain,\n',
		);
		expect(csvLine(['1', 'x'], { ...csv, addQuotes: true })).toBe('"1","x"\n');
	});

	it('writes JSON lines with native numbers, booleans and SUPER', () => {
		const columns = [
			{ name: 'id', typeOid: OID.int4, typmod: -1 },
			{ name: 'ok', typeOid: OID.bool, typmod: -1 },
			{ name: 'doc', typeOid: OID.jsonb, typmod: -1 },
			{ name: 'name', typeOid: OID.varchar, typmod: 14 },
		];
		expect(JSON.parse(jsonLine(['7', 't', '{"a": [1]}', 'x"y'], columns))).toEqual({
			id: 7,
			ok: true,
			doc: { a: [1] },
			name: 'x"y',
		});
		expect(JSON.parse(jsonLine([null, null, null, null], columns))).toEqual({
			id: null,
			ok: null,
			doc: null,
			name: null,
		});
	});
});

describe('manifest', () => {
	const columns = [
		{ name: 'id', typeOid: OID.int8, typmod: -1 },
		{ name: 'valor', typeOid: OID.numeric, typmod: ((18 << 16) | 2) + 4 },
		{ name: 'descricao', typeOid: OID.varchar, typmod: 204 },
		{ name: 'code', typeOid: OID.bpchar, typmod: 7 },
	];
	const files = [
		{ url: 's3://b/p0000_part_00', key: 'p0000_part_00', contentLength: 10, recordCount: 2 },
		{ url: 's3://b/p0001_part_00', key: 'p0001_part_00', contentLength: 5, recordCount: 1 },
	];

	it('lists url and content_length for a plain MANIFEST', () => {
		expect(JSON.parse(buildManifest(files, columns, false))).toEqual({
			entries: [
				{ url: 's3://b/p0000_part_00', meta: { content_length: 10 } },
				{ url: 's3://b/p0001_part_00', meta: { content_length: 5 } },
			],
		});
	});

	it('writes VERBOSE as valid JSON with schema, totals and author', () => {
		const manifest = JSON.parse(buildManifest(files, columns, true));
		expect(manifest.entries[1]).toEqual({
			url: 's3://b/p0001_part_00',
			meta: { content_length: 5, record_count: 1 },
		});
		expect(manifest.schema.elements).toEqual([
			{ name: 'id', type: { base: 'bigint' } },
			{ name: 'valor', type: { base: 'numeric', precision: 18, scale: 2 } },
			{ name: 'descricao', type: { base: 'character varying', byte_length: 200 } },
			{ name: 'code', type: { base: 'character', byte_length: 3 } },
		]);
		expect(manifest.meta).toEqual({ content_length: 15, record_count: 3 });
		expect(manifest.author).toEqual({ name: 'Amazon Redshift', version: '1.0.0' });
		expect(JSON.parse(buildManifest([], columns, true)).entries).toEqual([]);
	});

	it('names types the Redshift way', () => {
		expect(manifestType({ name: 'x', typeOid: OID.timestamptz, typmod: -1 })).toEqual({
			base: 'timestamp with time zone',
		});
		expect(manifestType({ name: 'x', typeOid: OID.jsonb, typmod: -1 })).toEqual({ base: 'super' });
	});
});

describe('Parquet value conversion', () => {
	it('scales decimals to their unscaled integer', () => {
		expect(unscaledDecimal('-12.3', 2, 'c')).toBe(-1230n);
		expect(unscaledDecimal('12345678901234567890.0123456789', 10, 'c')).toBe(
			123456789012345678900123456789n,
		);
		expect(() => unscaledDecimal('NaN', 2, 'c')).toThrow(/DECIMAL/);
	});

	it('reads dates and timestamps (with and without zone) as UTC instants', () => {
		expect(daysSinceEpoch('1970-01-02')).toBe(1);
		expect(microsSinceEpoch('1970-01-01 00:00:01.5')).toBe(1_500_000n);
		expect(microsSinceEpoch('1970-01-01 02:00:00+02')).toBe(0n);
		expect(microsSinceEpoch('2026-01-02 03:04:05.000007')).toBe(
			BigInt(Date.UTC(2026, 0, 2, 3, 4, 5)) * 1000n + 7n,
		);
	});
});
