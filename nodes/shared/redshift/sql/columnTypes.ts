// Column types belong to staging (the files are written by them); the SQL builders spell them.
export * from '../../staging/columnTypes';
