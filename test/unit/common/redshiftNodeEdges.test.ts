import { redshiftNodeCredentials } from '../../../nodes/common/description/redshiftCredentials';
import { redshiftMethods } from '../../../nodes/common/methods/redshiftMethods';

describe('the edges every Redshift node shares', () => {
	it('each credential names a test the methods provide', () => {
		const credentials = redshiftNodeCredentials({ show: { writeMode: ['copy'] } });
		expect(credentials.map((credential) => credential.name)).toEqual([
			'redshiftApi',
			'redshiftS3StagingApi',
		]);
		for (const credential of credentials) {
			expect(Object.keys(redshiftMethods.credentialTest)).toContain(credential.testedBy);
		}
		expect(credentials[1].displayOptions).toEqual({ show: { writeMode: ['copy'] } });
	});
});
