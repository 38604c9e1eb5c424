export { handleCopy } from './handleCopy';
export { copySystemDdl } from './systemTables';
