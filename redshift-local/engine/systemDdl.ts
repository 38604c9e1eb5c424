import { copySystemDdl } from './copy/systemTables';
import { ddlSystemObjects } from './ddl/systemObjects';
import { unloadSystemObjects } from './unload/unloadLog';

/**
 * The system-schema DDL of every handler module (stl_load_errors, pg_table_def, GETDATE, …), run
 * once per database before its first session. Each handler module adds its own list here.
 */
export const systemDdl: string[] = [...copySystemDdl, ...ddlSystemObjects, ...unloadSystemObjects];
