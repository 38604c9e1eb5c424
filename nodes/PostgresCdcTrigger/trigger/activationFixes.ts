import type { PreflightCheck, PreflightReport } from '../../shared/cdc/slots/preflight';

/**
 * What a user changes when a step of activation fails, naming parameters as the editor shows them.
 * The core's messages say what PostgreSQL needs; these say where in the node to act.
 */
export const FIX = {
	resumeWithoutSlot:
		'Set *Start* to Changes From Now or Initial Snapshot, Then Changes, or set *Options > Slot Name* to the slot to resume.',
	managedPublication:
		'If the publication belongs to something else, set *Options > Publication Name* to another name (empty derives one), or set *Options > Publication* to Use Existing; a missing privilege needs a database administrator (the message names it).',
	existingPublication:
		"Let the publication's owner run what the message names, or set *Options > Publication* to Create and Keep Up to Date.",
	slot: 'If the slot belongs to something else, set *Options > Slot Name* to another name (empty derives one); a missing privilege or server setting needs a database administrator (the message names it).',
} as const;

const SERVER_SETTING =
	"A database administrator makes the server change named in the message; the Postgres Replication credential's Test button checks it.";

const PREFLIGHT_FIX: Record<PreflightCheck, string> = {
	serverVersion: SERVER_SETTING,
	walLevel: SERVER_SETTING,
	replicationPrivilege: SERVER_SETTING,
	freeSlots: SERVER_SETTING,
	freeWalSenders: SERVER_SETTING,
	walKeepSize: SERVER_SETTING,
	idleSlotTimeout: SERVER_SETTING,
	tableExists:
		'Pick tables that exist in *Table Names or IDs* (the list shows the tables the credential can see).',
	replicaIdentity:
		"Let the table's owner run the ALTER TABLE the message names, or turn off *Options > Include Before Images*.",
	createPublication:
		'Grant the privilege the message names, or set *Options > Publication* to Use Existing with a publication an administrator created.',
};

/** One fix per kind of problem the pre-flight check found, in the order found. */
export function preflightFix(report: PreflightReport): string {
	return [...new Set(report.problems.map((problem) => PREFLIGHT_FIX[problem.check]))].join(' ');
}

/** An error that carries the fix for its description (see triggerErrors). */
export type FixableError = Error & { fix?: string };

/** An activation error with its fix. */
export function errorWithFix(message: string, fix: string): FixableError {
	return Object.assign(new Error(message), { fix });
}

/** Runs a step; when it fails without a fix of its own, the step's fix is attached to its error. */
export async function withFix<T>(step: Promise<T>, fix: string): Promise<T> {
	return await step.catch((error: unknown) => {
		const failure: FixableError = error instanceof Error ? error : new Error(String(error));
		failure.fix ??= fix;
		return Promise.reject(failure);
	});
}

/** The fix an error carries, if any. */
export function fixOf(error: unknown): string | undefined {
	const fix = (error as FixableError | undefined)?.fix;
	return typeof fix === 'string' ? fix : undefined;
}
