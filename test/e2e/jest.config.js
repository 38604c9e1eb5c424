/**
 * Opt-in end-to-end suite: our nodes inside a real n8n. Not part of `npm test` (the root config only
 * matches test/unit and test/integration). Run with `npm run test:e2e`.
 */
/** @type {import('jest').Config} */
module.exports = {
	rootDir: '../..',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	// One n8n and one PostgreSQL for the whole file; each test waits on real runs.
	testTimeout: 300_000,
	globalSetup: '<rootDir>/test/e2e/support/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/support/globalTeardown.ts',
	maxWorkers: 1,
};
