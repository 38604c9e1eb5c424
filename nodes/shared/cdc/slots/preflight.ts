import type { Client } from 'pg';

import type { TableRef } from './tables';

export type PreflightCheck =
	| 'serverVersion'
	| 'walLevel'
	| 'replicationPrivilege'
	| 'freeSlots'
	| 'freeWalSenders'
	| 'tableExists'
	| 'replicaIdentity'
	| 'createPublication'
	| 'walKeepSize'
	| 'idleSlotTimeout';

export interface PreflightFinding {
	check: PreflightCheck;
	/** What is wrong and what to do about it. */
	message: string;
}

export interface PreflightReport {
	ok: boolean;
	/** Things that stop the trigger from working. */
	problems: PreflightFinding[];
	/** Things that work but deserve attention. */
	warnings: PreflightFinding[];
	serverVersion: string;
}

export interface PreflightOptions {
	/** The slot the trigger will use: when it exists already, no free slot is needed. */
	slotName?: string;
	tables?: TableRef[];
	/** The user wants before-images of updates and deletes: needs REPLICA IDENTITY FULL. */
	beforeImages?: boolean;
	/** The trigger will create or change the publication: needs CREATE on the database. */
	managePublication?: boolean;
}

interface ServerFacts {
	wal_level: string;
	server_version: string;
	server_version_num: number;
	max_replication_slots: number;
	used_slots: number;
	slot_exists: boolean;
	max_wal_senders: number;
	used_wal_senders: number;
	rolsuper: boolean;
	rolreplication: boolean;
	rds_replication: boolean;
	can_create: boolean;
	max_slot_wal_keep_size: string;
	idle_replication_slot_timeout: string | null;
}

/**
 * Checks what logical replication needs before anything is created, and names each missing thing
 * with what to do. Run it on an ordinary SQL connection with the trigger's credentials.
 */
export async function preflightCheck(
	sql: Client,
	options: PreflightOptions = {},
): Promise<PreflightReport> {
	const { rows } = await sql.query<ServerFacts>(
		`SELECT current_setting('wal_level') AS wal_level,
		        current_setting('server_version') AS server_version,
		        current_setting('server_version_num')::int AS server_version_num,
		        current_setting('max_replication_slots')::int AS max_replication_slots,
		        (SELECT count(*)::int FROM pg_replication_slots) AS used_slots,
		        EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1) AS slot_exists,
		        current_setting('max_wal_senders')::int AS max_wal_senders,
		        (SELECT count(*)::int FROM pg_stat_activity WHERE backend_type = 'walsender') AS used_wal_senders,
		        r.rolsuper, r.rolreplication,
		        EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = 'rds_replication'
		                  AND pg_has_role(current_user, g.oid, 'member')) AS rds_replication,
		        has_database_privilege(current_database(), 'CREATE') AS can_create,
		        current_setting('max_slot_wal_keep_size') AS max_slot_wal_keep_size,
		        current_setting('idle_replication_slot_timeout', true) AS idle_replication_slot_timeout
		   FROM pg_roles r WHERE r.rolname = current_user`,
		[options.slotName ?? ''],
	);
	const facts = rows[0];
	const problems: PreflightFinding[] = [];
	const warnings: PreflightFinding[] = [];

	if (facts.server_version_num < 140_000) {
		problems.push({
			check: 'serverVersion',
			message: `PostgreSQL ${facts.server_version} is too old: this trigger needs PostgreSQL 14 or newer (pgoutput logical messages carry its heartbeat).`,
		});
	}
	if (facts.wal_level !== 'logical') {
		problems.push({
			check: 'walLevel',
			message: `wal_level is '${facts.wal_level}', logical replication needs 'logical'. Set wal_level = logical (on RDS/Aurora: rds.logical_replication = 1 in the parameter group) and restart PostgreSQL.`,
		});
	}
	if (!facts.rolsuper && !facts.rolreplication && !facts.rds_replication) {
		problems.push({
			check: 'replicationPrivilege',
			message:
				'The user has no REPLICATION privilege. Run ALTER ROLE <user> REPLICATION (on RDS/Aurora: GRANT rds_replication TO <user>), or use a user that has it.',
		});
	}
	if (!facts.slot_exists && facts.used_slots >= facts.max_replication_slots) {
		problems.push({
			check: 'freeSlots',
			message: `All ${facts.max_replication_slots} replication slots are in use. Drop unused slots (SELECT pg_drop_replication_slot(name)) or raise max_replication_slots (restart needed).`,
		});
	}
	if (facts.used_wal_senders >= facts.max_wal_senders) {
		problems.push({
			check: 'freeWalSenders',
			message: `All ${facts.max_wal_senders} WAL sender connections are in use. Stop an idle consumer or raise max_wal_senders (restart needed).`,
		});
	}
	if (options.managePublication && !facts.rolsuper && !facts.can_create) {
		problems.push({
			check: 'createPublication',
			message:
				'The user may not create publications in this database. GRANT CREATE ON DATABASE <db> TO <user> (and make it the owner of the tables), or create the publication yourself and choose "use an existing publication".',
		});
	}
	if (facts.max_slot_wal_keep_size === '-1') {
		warnings.push({
			check: 'walKeepSize',
			message:
				'max_slot_wal_keep_size is unlimited (-1): while this trigger is stopped or behind, PostgreSQL keeps all WAL for its slot, until the disk is full. Set max_slot_wal_keep_size (for example 10GB) so a forgotten slot is invalidated instead, and watch the slot-lag warnings.',
		});
	}
	if (
		facts.idle_replication_slot_timeout !== null &&
		!/^0[a-z]*$/.test(facts.idle_replication_slot_timeout)
	) {
		warnings.push({
			check: 'idleSlotTimeout',
			message: `idle_replication_slot_timeout is ${facts.idle_replication_slot_timeout}: if the workflow stays inactive longer, PostgreSQL invalidates its slot and changes made meanwhile are lost (an initial snapshot is needed again).`,
		});
	}
	await checkTables(sql, options, problems, warnings);
	return { ok: problems.length === 0, problems, warnings, serverVersion: facts.server_version };
}

async function checkTables(
	sql: Client,
	options: PreflightOptions,
	problems: PreflightFinding[],
	warnings: PreflightFinding[],
): Promise<void> {
	for (const table of options.tables ?? []) {
		const { rows } = await sql.query<{ relreplident: string; has_key: boolean }>(
			`SELECT c.relreplident,
			        EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND (i.indisprimary OR i.indisreplident)) AS has_key
			   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			  WHERE n.nspname = $1 AND c.relname = $2`,
			[table.schema, table.table],
		);
		const name = `${table.schema}.${table.table}`;
		if (rows.length === 0) {
			problems.push({
				check: 'tableExists',
				message: `Table ${name} does not exist (or the user cannot see it).`,
			});
			continue;
		}
		const { relreplident, has_key } = rows[0];
		if (options.beforeImages && relreplident !== 'f') {
			problems.push({
				check: 'replicaIdentity',
				message: `Before-images need REPLICA IDENTITY FULL on ${name}. Run ALTER TABLE ${name} REPLICA IDENTITY FULL (it makes updates and deletes write more WAL).`,
			});
		} else if (relreplident === 'n' || (relreplident === 'd' && !has_key)) {
			warnings.push({
				check: 'replicaIdentity',
				message: `Table ${name} has no replica identity (no primary key). Once it is published for updates or deletes, the application's UPDATE and DELETE on it fail. Add a primary key or run ALTER TABLE ${name} REPLICA IDENTITY FULL.`,
			});
		}
	}
}

/** One line per problem, for an error message or a credential test. */
export function describePreflight(report: PreflightReport): string {
	if (report.ok) return 'Ready for logical replication.';
	return report.problems.map((problem) => `- ${problem.message}`).join('\n');
}
