import { EventEmitter } from 'node:events';

type CloseKind = typeof import('../../../nodes/PostgresCdcTrigger/trigger/closeKind');

/** A fresh copy of the module: its shutdown flag and pending drops are process-wide state. */
function freshCloseKind(): CloseKind {
	let loaded: CloseKind | undefined;
	jest.isolateModules(() => {
		loaded = jest.requireActual<CloseKind>('../../../nodes/PostgresCdcTrigger/trigger/closeKind');
	});
	return loaded!;
}

describe('telling deactivation from shutdown and update', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	it('drops the slot after the grace period when nothing re-activates it', () => {
		const closeKind = freshCloseKind();
		const drop = jest.fn(async () => undefined);
		closeKind.scheduleSlotDrop('db/slot', 10_000, drop);
		jest.advanceTimersByTime(9_999);
		expect(drop).not.toHaveBeenCalled();
		jest.advanceTimersByTime(1);
		expect(drop).toHaveBeenCalledTimes(1);
	});

	it('a re-activation of the same slot within the grace period (workflow update) cancels the drop', () => {
		const closeKind = freshCloseKind();
		const drop = jest.fn(async () => undefined);
		closeKind.scheduleSlotDrop('db/slot', 10_000, drop);
		expect(closeKind.claimSlot('db/other')).toBe(false);
		expect(closeKind.claimSlot('db/slot')).toBe(true);
		jest.advanceTimersByTime(60_000);
		expect(drop).not.toHaveBeenCalled();
	});

	it('never drops once n8n received SIGTERM or SIGINT', () => {
		for (const signal of ['SIGTERM', 'SIGINT'] as const) {
			const closeKind = freshCloseKind();
			const signals = new EventEmitter();
			closeKind.watchForShutdown(signals);
			expect(closeKind.isShuttingDown()).toBe(false);
			const drop = jest.fn(async () => undefined);
			closeKind.scheduleSlotDrop('db/slot', 10_000, drop);
			signals.emit(signal);
			expect(closeKind.isShuttingDown()).toBe(true);
			jest.advanceTimersByTime(60_000);
			expect(drop).not.toHaveBeenCalled();
		}
	});
});
