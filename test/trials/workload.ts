import type { Client } from 'pg';

import type { SeededRandom } from './random';
import { ADD_COLUMN_DDL } from './sourceSchema';

/** One statement of the workload, with its values as parameters. */
export interface Statement {
	text: string;
	values: unknown[];
}

interface PartedKey {
	id: number;
	region: number;
}
interface NokeyKey {
	a: number;
	b: string;
}

/**
 * The random workload. It keeps its own model of which keys exist (only the harness writes to the
 * source), so that a seed gives the same statements on every run.
 */
export class Workload {
	private readonly parted: PartedKey[] = [];
	private readonly nokey: NokeyKey[] = [];
	private readonly fullident: number[] = [];
	private readonly wide: number[] = [];
	private nextId = 1;
	private columnsAdded = false;
	/** How many statements of each kind ran, for the report. */
	readonly counts = new Map<string, number>();

	constructor(private readonly rng: SeededRandom) {}

	/** The rows in the source before the consumer first starts (the initial snapshot reads them). */
	initialTransactions(): Statement[][] {
		const build = (count: number, insert: () => Statement) =>
			Array.from({ length: count }, () => insert());
		return [
			build(30, () => this.insertParted()),
			build(20, () => this.insertNokey()),
			build(20, () => this.insertFullident()),
			build(8, () => this.insertWide()),
		];
	}

	/** One trial's share of the workload: a few transactions, now and then a large one. */
	trialTransactions(): Statement[][] {
		const transactions: Statement[][] = [];
		const count = this.rng.int(2, 5);
		for (let index = 0; index < count; index++) {
			const large = this.rng.chance(0.1);
			const size = large ? this.rng.int(40, 80) : this.rng.int(1, 6);
			transactions.push(Array.from({ length: size }, () => this.randomStatement()).flat());
		}
		if (this.rng.chance(0.08)) transactions.push(this.truncate());
		return transactions;
	}

	/** Adds the mid-stream columns; later statements fill them. */
	addColumns(): Statement[] {
		this.columnsAdded = true;
		this.count('addColumn');
		return ADD_COLUMN_DDL.map((text) => ({ text, values: [] }));
	}

	private count(kind: string): void {
		this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
	}

	private randomStatement(): Statement[] {
		const table = this.rng.weighted([
			['parted', 3],
			['nokey', 2],
			['fullident', 3],
			['wide', 2],
		] as const);
		if (table === 'parted') return this.partedStatement();
		if (table === 'nokey') return this.nokeyStatement();
		if (table === 'fullident') return this.fullidentStatement();
		return this.wideStatement();
	}

	private maybe<T>(value: T, nullChance = 0.3): T | null {
		return this.rng.chance(nullChance) ? null : value;
	}

	private take<T>(rows: T[]): T {
		return rows.splice(this.rng.int(0, rows.length - 1), 1)[0];
	}

	private amount(): string {
		return `${this.rng.int(-99999, 999999)}.${String(this.rng.int(0, 99)).padStart(2, '0')}`;
	}

	// parted: rows move between partitions when the region (part of the key) changes.
	private insertParted(): Statement {
		const key = { id: this.nextId++, region: this.rng.int(0, 2) };
		this.parted.push(key);
		this.count('parted.insert');
		return {
			text: 'INSERT INTO parted (id, region, qty, label) VALUES ($1, $2, $3, $4)',
			values: [
				key.id,
				key.region,
				this.maybe(this.rng.int(0, 1000)),
				this.maybe(this.rng.text(12)),
			],
		};
	}

	private partedStatement(): Statement[] {
		if (this.parted.length < 5) return [this.insertParted()];
		const kind = this.rng.weighted([
			['insert', 3],
			['update', 3],
			['move', 2],
			['delete', 1],
		] as const);
		if (kind === 'insert') return [this.insertParted()];
		const key = this.take(this.parted);
		this.count(`parted.${kind}`);
		if (kind === 'delete')
			return [
				{ text: 'DELETE FROM parted WHERE id = $1 AND region = $2', values: [key.id, key.region] },
			];
		if (kind === 'move') {
			const region = (key.region + this.rng.int(1, 2)) % 3;
			this.parted.push({ id: key.id, region });
			return [
				{
					text: 'UPDATE parted SET region = $3, qty = $4 WHERE id = $1 AND region = $2',
					values: [key.id, key.region, region, this.maybe(this.rng.int(0, 1000))],
				},
			];
		}
		this.parted.push(key);
		return [
			{
				text: 'UPDATE parted SET qty = $3, label = $4 WHERE id = $1 AND region = $2',
				values: [
					key.id,
					key.region,
					this.maybe(this.rng.int(0, 1000)),
					this.maybe(this.rng.text(12)),
				],
			},
		];
	}

	// nokey: identified by the unique index (a, b); b changes now and then (a key change).
	private insertNokey(): Statement {
		const key = { a: this.nextId++, b: `k${this.rng.text(5)}` };
		this.nokey.push(key);
		this.count('nokey.insert');
		return {
			text: 'INSERT INTO nokey (a, b, payload, amount) VALUES ($1, $2, $3, $4)',
			values: [key.a, key.b, this.maybe(this.rng.text(30)), this.maybe(this.amount())],
		};
	}

	private nokeyStatement(): Statement[] {
		if (this.nokey.length < 5) return [this.insertNokey()];
		const kind = this.rng.weighted([
			['insert', 3],
			['update', 3],
			['rekey', 2],
			['delete', 1],
		] as const);
		if (kind === 'insert') return [this.insertNokey()];
		const key = this.take(this.nokey);
		this.count(`nokey.${kind}`);
		if (kind === 'delete')
			return [{ text: 'DELETE FROM nokey WHERE a = $1 AND b = $2', values: [key.a, key.b] }];
		if (kind === 'rekey') {
			const b = `k${this.rng.text(5)}`;
			this.nokey.push({ a: key.a, b });
			return [
				{ text: 'UPDATE nokey SET b = $3 WHERE a = $1 AND b = $2', values: [key.a, key.b, b] },
			];
		}
		this.nokey.push(key);
		return [
			{
				text: 'UPDATE nokey SET payload = $3, amount = $4 WHERE a = $1 AND b = $2',
				values: [key.a, key.b, this.maybe(this.rng.text(30)), this.maybe(this.amount())],
			},
		];
	}

	// fullident: REPLICA IDENTITY FULL, NULLs in every non-key column, id changes, TRUNCATE.
	private insertFullident(): Statement {
		const id = this.nextId++;
		this.fullident.push(id);
		this.count('fullident.insert');
		const values = [
			id,
			this.maybe(this.rng.text(8), 0.4),
			this.maybe(this.rng.int(0, 99), 0.4),
			this.maybe(this.rng.text(20), 0.4),
		];
		if (!this.columnsAdded)
			return {
				text: 'INSERT INTO fullident (id, tags, score, note) VALUES ($1, $2, $3, $4)',
				values,
			};
		return {
			text: 'INSERT INTO fullident (id, tags, score, note, added_score) VALUES ($1, $2, $3, $4, $5)',
			values: [...values, this.maybe(this.rng.int(0, 9), 0.5)],
		};
	}

	private fullidentStatement(): Statement[] {
		if (this.fullident.length < 5) return [this.insertFullident()];
		const kind = this.rng.weighted([
			['insert', 3],
			['update', 3],
			['rekey', 2],
			['delete', 1],
		] as const);
		if (kind === 'insert') return [this.insertFullident()];
		const id = this.take(this.fullident);
		this.count(`fullident.${kind}`);
		if (kind === 'delete') return [{ text: 'DELETE FROM fullident WHERE id = $1', values: [id] }];
		if (kind === 'rekey') {
			const next = this.nextId++;
			this.fullident.push(next);
			return [{ text: 'UPDATE fullident SET id = $2 WHERE id = $1', values: [id, next] }];
		}
		this.fullident.push(id);
		const values = [id, this.maybe(this.rng.text(8), 0.4), this.maybe(this.rng.int(0, 99), 0.4)];
		if (this.columnsAdded && this.rng.chance(0.5))
			return [
				{
					text: 'UPDATE fullident SET tags = $2, score = $3, added_score = $4 WHERE id = $1',
					values: [...values, this.maybe(this.rng.int(0, 9), 0.5)],
				},
			];
		return [{ text: 'UPDATE fullident SET tags = $2, score = $3 WHERE id = $1', values }];
	}

	private truncate(): Statement[] {
		this.fullident.splice(0);
		this.count('fullident.truncate');
		// Refilled in the same transaction now and then, so the TRUNCATE and new rows share a batch.
		const refill = this.rng.chance(0.5)
			? Array.from({ length: this.rng.int(1, 4) }, () => this.insertFullident())
			: [];
		return [{ text: 'TRUNCATE fullident', values: [] }, ...refill];
	}

	// wide: TOASTed docs; updates that leave them unchanged, key changes that leave them unchanged.
	private doc(): string {
		return this.rng.text(this.rng.int(9_000, 12_000));
	}

	private insertWide(): Statement {
		const id = this.nextId++;
		this.wide.push(id);
		this.count('wide.insert');
		return {
			text: 'INSERT INTO wide (id, small, doc) VALUES ($1, $2, $3)',
			values: [id, this.rng.int(0, 1000), this.maybe(this.doc(), 0.1)],
		};
	}

	private wideStatement(): Statement[] {
		if (this.wide.length < 3) return [this.insertWide()];
		const kind = this.rng.weighted([
			['insert', 2],
			['insertThenUpdate', 1],
			['updateSmall', 4],
			['updateDoc', 1],
			['rekey', 2],
			['delete', 1],
		] as const);
		if (kind === 'insert') return [this.insertWide()];
		if (kind === 'insertThenUpdate') {
			// The insert and an update that leaves the doc unchanged, in one transaction (one batch).
			const insert = this.insertWide();
			this.count('wide.insertThenUpdate');
			return [insert, this.updateWideSmall(insert.values[0] as number)];
		}
		const id = this.take(this.wide);
		this.count(`wide.${kind}`);
		if (kind === 'delete') return [{ text: 'DELETE FROM wide WHERE id = $1', values: [id] }];
		if (kind === 'rekey') {
			const next = this.nextId++;
			this.wide.push(next);
			return [
				{ text: 'UPDATE wide SET id = $2, small = small + 1 WHERE id = $1', values: [id, next] },
			];
		}
		this.wide.push(id);
		if (kind === 'updateDoc')
			return [{ text: 'UPDATE wide SET doc = $2 WHERE id = $1', values: [id, this.doc()] }];
		return [this.updateWideSmall(id)];
	}

	private updateWideSmall(id: number): Statement {
		if (this.columnsAdded && this.rng.chance(0.5))
			return {
				text: 'UPDATE wide SET small = $2, added_note = $3 WHERE id = $1',
				values: [id, this.rng.int(0, 1000), this.maybe(this.rng.text(10))],
			};
		return {
			text: 'UPDATE wide SET small = $2 WHERE id = $1',
			values: [id, this.rng.int(0, 1000)],
		};
	}
}

/** Runs the transactions on the source, each in its own transaction. */
export async function applyTransactions(
	client: Client,
	transactions: Statement[][],
): Promise<void> {
	for (const statements of transactions) {
		await client.query('BEGIN');
		try {
			for (const statement of statements) await client.query(statement.text, statement.values);
			await client.query('COMMIT');
		} catch (error) {
			await client.query('ROLLBACK').catch(() => undefined);
			throw new Error(
				`The workload failed on the source (a harness bug, not a product finding): ${(error as Error).message}`,
			);
		}
	}
}
