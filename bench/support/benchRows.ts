import type { StagingColumn } from '../../nodes/shared/staging';

/** One row of the load-side benchmarks: the five columns of performance.md's staging test. */
export interface BenchRow extends Record<string, unknown> {
	id: number;
	name: string;
	at: string;
	amount: string;
	flag: boolean;
}

const BASE_TIME = Date.UTC(2026, 0, 1);

/** int, ~20-character text, ISO timestamp, numeric as a string (exact), boolean. */
export function benchRows(count: number): BenchRow[] {
	const rows: BenchRow[] = new Array<BenchRow>(count);
	for (let i = 0; i < count; i++) {
		rows[i] = {
			id: i + 1,
			name: `customer ${String(i).padStart(8, '0')} ok`,
			at: new Date(BASE_TIME + i * 1000).toISOString(),
			amount: (i * 1.5).toFixed(2),
			flag: i % 2 === 0,
		};
	}
	return rows;
}

export const BENCH_COLUMNS: StagingColumn[] = [
	{ name: 'id', type: { name: 'BIGINT' } },
	{ name: 'name', type: { name: 'VARCHAR', length: 40 } },
	{ name: 'at', type: { name: 'TIMESTAMP' } },
	{ name: 'amount', type: { name: 'NUMERIC', precision: 14, scale: 2 } },
	{ name: 'flag', type: { name: 'BOOLEAN' } },
];

/** The table the rows fit, in Redshift's (and PostgreSQL's) DDL. */
export const BENCH_TABLE_COLUMNS =
	'id BIGINT, name VARCHAR(40), at TIMESTAMP, amount NUMERIC(14,2), flag BOOLEAN';
