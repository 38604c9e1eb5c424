import type { IDataObject } from 'n8n-workflow';

import {
	CursorTracker,
	cursorBound,
	loadCursorState,
	saveCursorState,
} from '../../../nodes/RedshiftSource/helpers/incremental';
import type { IncrementalSettings } from '../../../nodes/RedshiftSource/helpers/interfaces';

const settings = (overrides: Partial<IncrementalSettings> = {}): IncrementalSettings => ({
	cursorColumn: 'Updated_At',
	keyColumns: ['id'],
	reset: false,
	...overrides,
});

function readAll(tracker: CursorTracker, rows: IDataObject[]): unknown[] {
	return rows.filter((row) => tracker.accept(row)).map((row) => row.id);
}

describe('incremental cursor state', () => {
	it('drops rows already returned at the last value and keeps new ties', () => {
		const first = new CursorTracker(settings());
		expect(
			readAll(first, [
				{ id: 1, updated_at: 10 },
				{ id: 2, updated_at: 20 },
				{ id: 3, updated_at: 20 },
			]),
		).toEqual([1, 2, 3]);
		const state = first.state();
		expect(state).toEqual({
			cursorColumn: 'updated_at',
			keyColumns: ['id'],
			value: 20,
			keysAtValue: ['[2]', '[3]'],
		});
		expect(cursorBound(settings(), state)).toEqual({
			column: 'Updated_At',
			keyColumns: ['id'],
			from: { value: 20, inclusive: true },
		});

		const second = new CursorTracker(settings(), state);
		expect(
			readAll(second, [
				{ id: 2, updated_at: 20 },
				{ id: 3, updated_at: 20 },
				{ id: 4, updated_at: 20 },
			]),
		).toEqual([4]);
		expect(second.state()?.keysAtValue).toEqual(['[2]', '[3]', '[4]']);

		const third = new CursorTracker(settings(), second.state());
		expect(
			readAll(third, [
				{ id: 4, updated_at: 20 },
				{ id: 5, updated_at: 30 },
			]),
		).toEqual([5]);
		expect(third.state()).toMatchObject({ value: 30, keysAtValue: ['[5]'] });
	});

	it('keeps the previous state when no row came', () => {
		const previous = {
			cursorColumn: 'updated_at',
			keyColumns: ['id'],
			value: 5,
			keysAtValue: ['[1]'],
		};
		expect(new CursorTracker(settings(), previous).state()).toEqual(previous);
	});

	it('starts at the start value on a first run, strictly past the last value without keys', () => {
		expect(cursorBound(settings({ startValue: '2024-01-01' }))).toMatchObject({
			from: { value: '2024-01-01', inclusive: true },
		});
		const state = { cursorColumn: 'updated_at', keyColumns: [], value: 3, keysAtValue: [] };
		expect(cursorBound(settings({ keyColumns: [] }), state).from).toEqual({
			value: 3,
			inclusive: false,
		});
	});

	it('forgets the state on reset and when the cursor or keys change', () => {
		const data: IDataObject = {};
		const tracker = new CursorTracker(settings());
		tracker.accept({ id: 1, updated_at: 'a' });
		saveCursorState(data, tracker.state());
		expect(loadCursorState(data, settings()).state).toMatchObject({ value: 'a' });
		expect(loadCursorState(data, settings({ reset: true }))).toEqual({ discarded: 'reset' });
		expect(loadCursorState(data, settings({ keyColumns: ['id', 'part'] }))).toEqual({
			discarded: 'changed',
		});
		expect(loadCursorState(data, settings({ cursorColumn: 'seq' }))).toEqual({
			discarded: 'changed',
		});
		expect(loadCursorState({}, settings())).toEqual({});
	});

	it('does not touch the static data when the position did not move', () => {
		const state = {
			cursorColumn: 'updated_at',
			keyColumns: ['id'],
			value: 5,
			keysAtValue: ['[1]'],
		};
		const writes: string[] = [];
		const data = new Proxy({ incremental: JSON.parse(JSON.stringify(state)) } as IDataObject, {
			set(target, key, value) {
				writes.push(String(key));
				return Reflect.set(target, key, value);
			},
		});
		saveCursorState(data, new CursorTracker(settings(), state).state());
		expect(writes).toEqual([]);
		saveCursorState(data, { ...state, value: 6 });
		expect(writes).toEqual(['incremental']);
	});

	it('refuses a cursor that is not in the rows or cannot be remembered', () => {
		expect(() => new CursorTracker(settings()).accept({ id: 1 })).toThrow(
			/"updated_at" named in Options > Incremental: Cursor Column is not in the result/,
		);
		expect(() => new CursorTracker(settings()).accept({ id: 1, updated_at: { a: 1 } })).toThrow(
			/cannot be remembered as a position/,
		);
	});
});
