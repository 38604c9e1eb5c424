import { redshiftConnectionTest, redshiftS3StagingTest } from './credentialTest';
import { schemaSearch, tableSearch } from './listSearch';
import { getColumns } from './loadOptions';

/** The editor methods every Redshift node has: credential tests, schema and table pickers, column lists. */
export const redshiftMethods = {
	credentialTest: { redshiftConnectionTest, redshiftS3StagingTest },
	listSearch: { schemaSearch, tableSearch },
	loadOptions: { getColumns },
};
