export { redshiftConnectionTest, redshiftS3StagingTest } from '../../common/methods/credentialTest';
export { getColumns } from '../../common/methods/loadOptions';
export { schemaSearch, tableSearch } from '../../common/methods/listSearch';
export { getMappingColumns } from './resourceMapping';
