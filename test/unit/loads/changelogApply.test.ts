import type { CdcEvent } from '../../../nodes/shared/cdc/changeEvent';
import type { ChangeEvent } from '../../../nodes/shared/loads';
import {
	buildChangelogApply,
	buildCreateChangelogStage,
	buildCreateTombstones,
	buildCreateToastFills,
	buildLockTarget,
	tombstoneTable,
	toastFillTable,
} from '../../../nodes/shared/redshift/sql/changelog';

const base = {
	target: { schema: 'Sales', name: 'Or"ders' },
	keys: ['id'],
	columns: ['id', 'body'],
	batchPosition: (0x200n << 32n) + 1n,
	tombstones: true,
	fills: true,
	now: new Date('2026-01-02T03:04:05.000Z'),
	pruneBefore: new Date('2025-12-19T03:04:05.000Z'),
};

describe('changelog apply statements', () => {
	it('locks the target, quoting its name', () => {
		expect(buildLockTarget(base.target)).toEqual({ text: 'LOCK "sales"."or""ders"', values: [] });
	});

	it('passes positions, columns and times as parameters, never in the SQL text', () => {
		const { statements } = buildChangelogApply({
			...base,
			stage: 'stage_1',
			floorPosition: 0x180n << 32n,
			unchangedColumns: ['body'],
			lateColumns: ['body'],
			movedKeys: true,
			checkTable: 'check_1',
			source: { systemId: '7400000000000000001', timeline: 2 },
		});
		const text = statements.map((statement) => statement.text).join('\n');
		for (const literal of [
			String(0x180n << 32n),
			String(base.batchPosition),
			'2026-01-02',
			'7400000000000000001',
			"'body'",
			',body,',
		]) {
			expect(text).not.toContain(literal);
		}
		const values = statements.flatMap((statement) => statement.values);
		expect(values).toEqual(
			expect.arrayContaining([
				String(0x180n << 32n),
				String(base.batchPosition),
				'2026-01-02 03:04:05.000',
				'7400000000000000001',
				'2',
				'body',
				',body,',
			]),
		);
	});

	it('raises the floor, drops changes below it, and keeps rows and tombstones last-writer-wins', () => {
		const { statements, insertAt } = buildChangelogApply({
			...base,
			stage: 'stage_1',
			floorPosition: '5',
		});
		const texts = statements.map((statement) => statement.text);
		expect(texts[0]).toMatch(/^INSERT INTO "sales"."_n8n_cdc_positions" .* WHERE NOT EXISTS/);
		expect(texts).toContain(
			'DELETE FROM "sales"."or""ders" WHERE COALESCE("sales"."or""ders"."_n8n_cdc_position", -1) < CAST($1 AS NUMERIC(38,0))',
		);
		expect(texts).toContain(
			'DELETE FROM "sales"."_n8n_cdc_deleted_or""ders" WHERE "_n8n_cdc_position" < CAST($1 AS NUMERIC(38,0))',
		);
		expect(texts).toContain(
			'DELETE FROM "stage_1" USING "sales"."or""ders" WHERE "stage_1"."id" = "sales"."or""ders"."id" AND COALESCE("sales"."or""ders"."_n8n_cdc_position", -1) >= "stage_1"."_n8n_position"',
		);
		expect(texts).toContain(
			'DELETE FROM "stage_1" USING "sales"."_n8n_cdc_deleted_or""ders" WHERE "stage_1"."id" = "sales"."_n8n_cdc_deleted_or""ders"."id" AND "sales"."_n8n_cdc_deleted_or""ders"."_n8n_cdc_position" >= "stage_1"."_n8n_position"',
		);
		expect(texts[insertAt]).toBe(
			`INSERT INTO "sales"."or""ders" ("id", "body", "_n8n_cdc_position") SELECT "id", "body", "_n8n_position" FROM "stage_1" WHERE "_n8n_op" <> 'd'`,
		);
	});

	it('without rows records the state and applies the floor only; without keys it needs no side tables', () => {
		const { statements, insertAt } = buildChangelogApply({
			...base,
			keys: [],
			tombstones: false,
			fills: false,
			floorPosition: '7',
		});
		expect(insertAt).toBe(-1);
		expect(statements.map((statement) => statement.text).join('\n')).not.toMatch(
			/_n8n_cdc_deleted_|_n8n_cdc_toast_|"id"/,
		);
	});

	it('refuses positions that are not whole numbers of NUMERIC(38,0)', () => {
		expect(() => buildChangelogApply({ ...base, batchPosition: '-1' })).toThrow(/0 to 10\^38-1/);
		expect(() => buildChangelogApply({ ...base, batchPosition: '1e5' })).toThrow(/0 to 10\^38-1/);
		expect(() => buildChangelogApply({ ...base, batchPosition: '1'.repeat(39) })).toThrow(
			/0 to 10\^38-1/,
		);
	});
});

describe('side tables', () => {
	it('sit beside the target under _n8n_cdc_ names that fit 127 bytes and stay distinct', () => {
		expect(tombstoneTable({ schema: 's', name: 'Orders' })).toEqual({
			schema: 's',
			name: '_n8n_cdc_deleted_orders',
		});
		expect(toastFillTable({ name: 'orders' })).toEqual({
			schema: undefined,
			name: '_n8n_cdc_toast_orders',
		});
		const long = (end: string) => tombstoneTable({ name: `${'x'.repeat(120)}${end}` }).name;
		expect(Buffer.byteLength(long('a'))).toBeLessThanOrEqual(127);
		expect(long('a')).not.toBe(long('b'));
	});
});

describe('the change-event contract', () => {
	it("takes the trigger's events as they are", () => {
		const event: CdcEvent = {
			op: 'snapshotEnd',
			before: null,
			after: null,
			key: null,
			source: {
				lsn: '0/1',
				commitLsn: '0/1',
				txId: null,
				ts_ms: 0,
				schema: 'public',
				table: 't',
				snapshot: false,
				eventIndex: 0,
				systemId: '1',
				timeline: 1,
			},
			snapshotEnd: { rows: 0 },
		};
		const accepted: ChangeEvent = event;
		expect(accepted.op).toBe('snapshotEnd');
	});
});

describe('hostile names stay inside quotes in the changelog builders', () => {
	const hostile = [
		'x"; DROP TABLE victims; --',
		"x'; DROP TABLE victims; --",
		'x" OR 1=1 --',
		'"',
		'x") ; DROP TABLE victims; (" ',
	];
	// Quoted identifiers and string literals removed: what is left is the statements' own grammar.
	const grammarOnly = (sql: string) =>
		sql.replace(/"(?:[^"]|"")*"|'(?:[^'\\]|''|\\\\)*'/g, (token) =>
			token.startsWith('"') ? 'ID' : 'LIT',
		);

	it.each(hostile)('%s', (name) => {
		const target = { schema: name, name };
		const keys = [{ name, ddlType: 'INTEGER' }];
		const statements = [
			...buildChangelogApply({
				...base,
				target,
				stage: `s${name}`,
				keys: [name],
				columns: [name],
				floorPosition: '1',
				unchangedColumns: [name],
				lateColumns: [name],
				movedKeys: true,
				checkTable: `c${name}`,
			}).statements.map((query) => query.text),
			...buildChangelogApply({
				...base,
				target,
				stage: `s${name}`,
				keys: [name],
				columns: [name],
				unchangedColumns: [name],
				missingToast: 'null',
			}).statements.map((query) => query.text),
			buildLockTarget(target).text,
			buildCreateTombstones(target, keys),
			buildCreateToastFills(target, keys),
			buildCreateChangelogStage(`s${name}`, target, { oldKeyTypes: ['INTEGER'] }),
		];
		for (const statement of statements) {
			const grammar = grammarOnly(statement);
			expect(grammar).not.toMatch(/DROP TABLE victims|OR 1=1|;|--/i);
			expect(grammar).not.toMatch(/["']/);
		}
	});
});
