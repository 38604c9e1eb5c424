import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local JSON API on a free loopback port: stands in for the public API of an example. */
export interface ExampleApiServer {
	url: string;
	/** What the next GET answers (a JSON array). */
	answer(body: unknown[]): void;
	/** How many GETs were answered so far. */
	readonly requests: number;
	close(): Promise<void>;
}

export async function startExampleApiServer(path: string): Promise<ExampleApiServer> {
	let body: unknown[] = [];
	let requests = 0;
	const server: Server = createServer((request, response) => {
		if (request.method !== 'GET' || request.url !== path) {
			response.writeHead(404).end();
			return;
		}
		requests++;
		response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${path}`,
		answer(next) {
			body = next;
		},
		get requests() {
			return requests;
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
