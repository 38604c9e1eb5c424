import { stopE2ePostgres } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
	await stopE2ePostgres();
}
