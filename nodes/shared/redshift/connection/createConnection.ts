import { DataApiConnection } from './dataApi/dataApiConnection';
import type { DataApiConnectionOptions, RedshiftConnection, WireConnectionOptions } from './types';
import { WireConnection } from './wire/wireConnection';

export type ConnectionOptions =
	| ({ transport: 'wire' } & WireConnectionOptions)
	| ({ transport: 'dataApi' } & DataApiConnectionOptions);

export function createConnection(options: ConnectionOptions): RedshiftConnection {
	return options.transport === 'wire'
		? new WireConnection(options)
		: new DataApiConnection(options);
}
