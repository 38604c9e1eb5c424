import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// Self-hosted package: it needs runtime dependencies (pg, the AWS SDK), so n8n Cloud rules are off.
export default [
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.tmp/**', '.cache/**'] },
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The shared core has no n8n imports by design; node files wrap its errors in NodeOperationError.
		files: [
			'nodes/shared/**/*.ts',
			'test/**/*.ts',
			'bench/**/*.ts',
			'redshift-local/**/*.ts',
			'scripts/**/*.ts',
		],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// Tests, benchmarks, the demo and the local Redshift are tools that print and read the environment.
		files: ['test/**/*.ts', 'bench/**/*.ts', 'redshift-local/**/*.ts', 'scripts/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
];
