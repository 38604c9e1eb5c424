export { startDataApi, type DataApi, type DataApiOptions } from './server';
