export { redshiftConnectionTest, redshiftS3StagingTest } from './credentialTest';
export { getColumns } from './loadOptions';
export { schemaSearch, tableSearch } from './listSearch';
export { getMappingColumns } from './resourceMapping';
