/** Unit tests need nothing; integration tests share real servers started once by the global setup. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 60_000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
		},
		{
			displayName: 'integration',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
			transform: { '^.+\\.ts$': tsJest },
			globalSetup: '<rootDir>/test/support/globalSetup.ts',
			globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
		},
	],
};
