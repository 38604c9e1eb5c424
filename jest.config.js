/** Unit tests need nothing; integration tests share real servers started once by the global setup. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];

/**
 * ESM-only dependencies. Node 20.19+ loads them with require(esm) at run time, but jest's module
 * system does not, so jest transpiles them to CommonJS.
 */
const esmOnly = ['hyparquet', 'hyparquet-writer'];
const transform = {
	'^.+\\.ts$': tsJest,
	[`node_modules/(${esmOnly.join('|')})/.+\\.js$`]: [
		'ts-jest',
		{ tsconfig: 'tsconfig.esm-deps.json' },
	],
};
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 60_000,
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform,
			transformIgnorePatterns,
		},
		{
			displayName: 'integration',
			testEnvironment: 'node',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
			transform,
			transformIgnorePatterns,
			globalSetup: '<rootDir>/test/support/globalSetup.ts',
			globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
		},
	],
};
