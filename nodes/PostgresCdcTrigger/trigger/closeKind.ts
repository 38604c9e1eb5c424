/**
 * Telling a deactivation from the other reasons n8n calls closeFunction (it passes no reason):
 * - shutdown: n8n received SIGTERM/SIGINT and closes every trigger first (verified on n8n 2.8.4); a
 *   process-level listener sees the signal before closeFunction runs;
 * - a workflow update (publish) closes and re-activates the trigger in the same process: a drop is
 *   therefore only scheduled after a grace period, and a new activation of the same slot cancels it;
 * - a multi-main leader change re-activates on ANOTHER process: this cannot be seen here, and the drop
 *   then fails harmlessly when the new leader already streams from the slot (an active slot is never
 *   dropped). Keep "drop slot" off in multi-main setups.
 */

let shuttingDown = false;
let listening = false;

function markShutdown(): void {
	shuttingDown = true;
}

interface SignalSource {
	once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** Installs the signal listeners once; they only set a flag (n8n's own handlers do the shutting down). */
export function watchForShutdown(signals: SignalSource = process): void {
	if (listening) return;
	listening = true;
	signals.once('SIGTERM', markShutdown);
	signals.once('SIGINT', markShutdown);
}

export function isShuttingDown(): boolean {
	return shuttingDown;
}

const pendingDrops = new Map<string, NodeJS.Timeout>();

/** Called when a trigger starts on `slotKey`: a drop still waiting for its grace period is cancelled. */
export function claimSlot(slotKey: string): boolean {
	const timer = pendingDrops.get(slotKey);
	if (!timer) return false;
	clearTimeout(timer);
	pendingDrops.delete(slotKey);
	return true;
}

/** Runs `drop` after `graceMs` unless the slot is claimed again (or n8n shuts down) in the meantime. */
export function scheduleSlotDrop(
	slotKey: string,
	graceMs: number,
	drop: () => Promise<void>,
): void {
	claimSlot(slotKey);
	const timer = setTimeout(() => {
		pendingDrops.delete(slotKey);
		if (!shuttingDown) void drop();
	}, graceMs);
	timer.unref();
	pendingDrops.set(slotKey, timer);
}
