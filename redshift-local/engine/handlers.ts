import type { StatementHandler } from './session';
import { handleCopy } from './copy/handleCopy';
import { handleDdl } from './ddl/handleDdl';
import { handleCaseSensitivity } from './identifiers/caseSensitivity';
import { handleTraps } from './traps/handleTraps';
import { handleUnload } from './unload/handleUnload';

/**
 * The Redshift statement handlers, in the order the engine tries them. Each handler's module
 * adds itself here when it lands.
 */
export const redshiftHandlers: StatementHandler[] = [
	handleCaseSensitivity,
	handleUnload,
	handleCopy,
	handleDdl,
	handleTraps,
];
