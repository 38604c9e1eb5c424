import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { S3Client } from '@aws-sdk/client-s3';

import { stageRows, StagingError } from '../../../nodes/shared/staging';

const STAGING_DIR = join(__dirname, '../../../nodes/shared/staging');

describe('staging is warehouse-agnostic', () => {
	it('imports nothing from the Redshift SQL builders (they import staging)', () => {
		const reversed = readdirSync(STAGING_DIR)
			.filter((file) => file.endsWith('.ts'))
			.flatMap((file) =>
				[...readFileSync(join(STAGING_DIR, file), 'utf8').matchAll(/from '([^']+)'/g)]
					.map((match) => match[1])
					.filter((path) => path.includes('/redshift/'))
					.map((path) => `${file}: ${path}`),
			);
		expect(reversed).toEqual([]);
	});

	it('refuses two staged columns of one name before writing anything', async () => {
		// Never contacted: the columns are checked before any upload.
		const s3 = new S3Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
		const staging = stageRows([{ a: 1 }], {
			s3,
			bucket: 'bucket',
			prefix: 'p',
			columns: [{ name: 'a' }, { name: 'a' }],
		});
		await expect(staging).rejects.toThrow(StagingError);
		await expect(staging).rejects.toThrow(/Two staged columns are both named "a"/);
		s3.destroy();
	});
});
