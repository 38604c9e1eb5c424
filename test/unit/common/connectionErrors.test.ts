import {
	describeConnectionError,
	describeKnownConnectionError,
} from '../../../nodes/common/helpers/connectionErrors';

describe('describeConnectionError names the server and credential it is about', () => {
	it('a refused login names Redshift and its credential', () => {
		expect(describeConnectionError({ code: '28P01' }, 'h:5439/dev', 'redshift')).toBe(
			'Redshift refused the login at h:5439/dev: check the user and password of the Redshift credential.',
		);
	});

	it('a refused login names PostgreSQL and the replication credential', () => {
		expect(describeConnectionError({ code: '28P01' }, 'h:5432/db', 'postgres')).toBe(
			'PostgreSQL refused the login at h:5432/db: check the user and password of the Postgres Replication credential.',
		);
	});

	it('a missing pg_hba.conf line says which line to add for replication', () => {
		const message = describeConnectionError(
			{
				code: '28000',
				message: 'no pg_hba.conf entry for replication connection from host "10.0.0.1", user "u"',
			},
			'h:5432/db',
			'postgres',
		);
		expect(message).toMatch(/allow this user and host in pg_hba\.conf with a "replication" line/);
	});

	it('what to check when nothing listens depends on the server', () => {
		const refused = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' };
		expect(describeConnectionError(refused, 'h:5439/dev', 'redshift')).toMatch(
			/Redshift credential, and that the cluster is publicly accessible/,
		);
		expect(describeConnectionError(refused, 'h:5432/db', 'postgres')).toMatch(
			/Postgres Replication credential, and that PostgreSQL listens there/,
		);
	});

	it('AWS key failures and unknown errors are the same for both', () => {
		const aws = { name: 'InvalidSignatureException', message: 'bad signature' };
		expect(describeConnectionError(aws, 'the Data API', 'redshift')).toMatch(
			/AWS rejected the access keys for the Data API/,
		);
		expect(describeConnectionError(new Error('boom'), 'h:5432/db', 'postgres')).toBe(
			'Could not connect to h:5432/db: boom',
		);
	});
});

describe('describeKnownConnectionError tells connection failures from the rest', () => {
	it('describes network, login and AWS key failures, and nothing else', () => {
		expect(describeKnownConnectionError({ code: 'ETIMEDOUT' }, 'h:5439/dev')).toMatch(
			/Connecting to h:5439\/dev timed out/,
		);
		expect(
			describeKnownConnectionError(
				{ name: 'AccessDeniedException', message: 'no' },
				'the Data API',
				'redshift',
			),
		).toMatch(/AWS denied access/);
		expect(
			describeKnownConnectionError({ code: '42P01', message: 'relation does not exist' }, 'h'),
		).toBeUndefined();
		expect(describeKnownConnectionError({ name: 'NoSuchBucket' }, 'h')).toBeUndefined();
	});
});

describe('a reset connection', () => {
	it('says the other side closed it, for either server', () => {
		expect(describeKnownConnectionError({ code: 'ECONNRESET' }, 'h:5432/db', 'postgres')).toBe(
			'The connection to h:5432/db was closed from the other side: check that PostgreSQL is up, and any firewall in between.',
		);
		expect(describeKnownConnectionError({ code: 'ECONNRESET' }, 'h:5439/dev')).toMatch(
			/check that Redshift is up, and the cluster's security group/,
		);
	});
});
