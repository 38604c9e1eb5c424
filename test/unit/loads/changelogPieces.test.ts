import { changePosition, EVENTS_PER_COMMIT } from '../../../nodes/shared/loads';

describe('changePosition', () => {
	it('orders by commit LSN, then by the event index within the transaction', () => {
		const later = changePosition({ commitLsn: '0/200', lsn: '0/10', eventIndex: 0 }, 0);
		const earlier = changePosition({ commitLsn: '0/100', lsn: '0/150', eventIndex: 7 }, 1);
		expect(earlier < later).toBe(true);
		expect(changePosition({ commitLsn: '1/0', eventIndex: 3 }, 0)).toBe(
			(1n << 32n) * EVENTS_PER_COMMIT + 3n,
		);
		expect(changePosition({ commitLsn: 'FFFFFFFF/FFFFFFFF', eventIndex: 2 ** 32 - 1 }, 0)).toBe(
			2n ** 96n - 1n,
		);
	});

	it('accepts whole numbers and falls back to the change LSN', () => {
		expect(changePosition({ commitLsn: 5 }, 0)).toBe(5n * EVENTS_PER_COMMIT);
		expect(changePosition({ commitLsn: '42' }, 0)).toBe(42n * EVENTS_PER_COMMIT);
		expect(changePosition({ lsn: '0/A' }, 0)).toBe(10n * EVENTS_PER_COMMIT);
	});

	it('refuses missing or malformed positions, naming the item', () => {
		expect(() => changePosition(undefined, 4)).toThrow(
			/Item 4: the change has no source.commitLsn/,
		);
		expect(() => changePosition({ commitLsn: 'zz' }, 2)).toThrow(/Item 2: "zz" is not an LSN/);
		expect(() => changePosition({ commitLsn: '0/1', eventIndex: -1 }, 0)).toThrow(
			/eventIndex must be a whole number/,
		);
		expect(() => changePosition({ commitLsn: '0/1', eventIndex: 2 ** 32 }, 0)).toThrow(
			/eventIndex/,
		);
	});
});
