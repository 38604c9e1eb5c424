import { createServer, type AddressInfo } from 'node:net';

import { ClientConnection, type ClientConnectionOptions } from './clientConnection';

export interface WireServerOptions extends ClientConnectionOptions {
	/** Loopback port; 0 or absent picks a free one. */
	port?: number;
}

export interface WireServer {
	host: string;
	port: number;
	stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** The Postgres-wire front: a loopback TCP server, one ClientConnection per client. */
export async function startWireServer(options: WireServerOptions): Promise<WireServer> {
	const connections = new Set<ClientConnection>();
	const server = createServer((socket) => {
		const connection = new ClientConnection(socket, options);
		connections.add(connection);
		socket.on('close', () => connections.delete(connection));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, HOST, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		host: HOST,
		port,
		async stop() {
			const closed = new Promise<void>((resolve) => server.close(() => resolve()));
			for (const connection of connections) connection.close();
			await closed;
		},
	};
}
