import { stopTestServers } from './globalSetup';

export default async function globalTeardown(): Promise<void> {
	await stopTestServers();
}
