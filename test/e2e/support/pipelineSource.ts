import { randomBytes } from 'node:crypto';

import type { CdcDatabase } from './cdcDatabase';

/** A source table of the pipeline test and the columns that identify its rows. */
export interface PipelineTable {
	/** `schema.table`, as the trigger's table picker stores it. */
	qualified: string;
	name: string;
	keys: string[];
	columns: string[];
}

export const PIPELINE_TABLES: PipelineTable[] = [
	{
		qualified: 'public.customers',
		name: 'customers',
		keys: ['id'],
		columns: ['id', 'name', 'balance', 'active', 'updated_at'],
	},
	// No primary key and no unique index: the Sink needs Key Columns per Table.
	{
		qualified: 'public.order_lines',
		name: 'order_lines',
		keys: ['order_code', 'line_no'],
		columns: ['order_code', 'line_no', 'qty', 'note'],
	},
	// Partitioned: changes of every partition arrive under the parent's name.
	{
		qualified: 'public.events',
		name: 'events',
		keys: ['id', 'region'],
		columns: ['id', 'region', 'amount'],
	},
	// A large TOASTed body that updates of the title leave unchanged (pgoutput does not resend it).
	{
		qualified: 'public.documents',
		name: 'documents',
		keys: ['id'],
		columns: ['id', 'title', 'body'],
	},
];

export const NO_PRIMARY_KEY_TABLE = 'public.order_lines';

/** Change kinds the stream must cover besides insert/update/delete per table. */
export const MOVED_PARTITION = 'update events moving the row to the other partition';
export const TOAST_UNCHANGED = 'update documents leaving the TOASTed body unchanged';

const SCHEMA = [
	`CREATE TABLE public.customers (id integer PRIMARY KEY, name varchar(40) NOT NULL,
		balance numeric(10,2), active boolean NOT NULL, updated_at timestamp NOT NULL)`,
	`CREATE TABLE public.order_lines (order_code varchar(20) NOT NULL, line_no integer NOT NULL,
		qty integer NOT NULL, note varchar(60))`,
	'ALTER TABLE public.order_lines REPLICA IDENTITY FULL',
	`CREATE TABLE public.events (id integer NOT NULL, region varchar(2) NOT NULL, amount numeric(10,2) NOT NULL,
		PRIMARY KEY (id, region)) PARTITION BY LIST (region)`,
	"CREATE TABLE public.events_eu PARTITION OF public.events FOR VALUES IN ('EU')",
	"CREATE TABLE public.events_us PARTITION OF public.events FOR VALUES IN ('US')",
	'CREATE TABLE public.documents (id integer PRIMARY KEY, title varchar(60) NOT NULL, body text NOT NULL)',
];

/** Random hex: does not compress below PostgreSQL's TOAST threshold, fits a Redshift VARCHAR(65535). */
const largeBody = () => randomBytes(10_000).toString('hex');

interface Statement {
	text: string;
	values: unknown[];
	/** What the change exercises, when its SQL verb and table do not say it. */
	kind?: string;
}

/** A small deterministic PRNG (mulberry32): the same seed writes the same stream. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Writes a stream of inserts, updates and deletes on the pipeline's tables, one transaction per
 * call, remembering which rows exist so that each update or delete hits a row.
 */
export class PipelineWriter {
	private readonly random: () => number;
	private readonly customers: number[] = [];
	private readonly lines: Array<[string, number]> = [];
	private readonly events: Array<[number, string]> = [];
	private readonly documents: number[] = [];
	private nextId = 1;
	private tick = 0;
	transactions = 0;
	/** Changes written per kind (insert/update/delete, table), so a test can see the stream covered each case. */
	readonly changes: Record<string, number> = {};

	constructor(
		private readonly sql: CdcDatabase,
		seed = 11,
	) {
		this.random = prng(seed);
	}

	async createSchema(): Promise<void> {
		for (const text of SCHEMA) await this.sql.query(text);
	}

	/** Rows that exist before the trigger starts: they arrive through the initial snapshot. */
	async prefill(): Promise<void> {
		const statements: Statement[] = [];
		for (let n = 0; n < 40; n++) statements.push(this.insertCustomer());
		for (let n = 0; n < 30; n++) statements.push(this.insertLine());
		for (let n = 0; n < 30; n++) statements.push(this.insertEvent());
		for (let n = 0; n < 4; n++) statements.push(this.insertDocument());
		await this.sql.commit(statements);
	}

	/** One transaction of one to four changes. */
	async commitNext(): Promise<void> {
		const count = 1 + Math.floor(this.random() * 4);
		const statements: Statement[] = [];
		for (let n = 0; n < count; n++) {
			const statement = this.nextChange();
			const kind =
				statement.kind ??
				`${/^\w+/.exec(statement.text)![0].toLowerCase()} ${/public\.(\w+)/.exec(statement.text)![1]}`;
			this.changes[kind] = (this.changes[kind] ?? 0) + 1;
			statements.push(statement);
		}
		await this.sql.commit(statements);
		this.transactions++;
	}

	private nextChange(): Statement {
		const table = Math.floor(this.random() * 4);
		const action = this.random();
		if (table === 0) {
			if (action < 0.4 || this.customers.length < 5) return this.insertCustomer();
			if (action < 0.85) return this.updateCustomer();
			return this.deleteCustomer();
		}
		if (table === 1) {
			if (action < 0.4 || this.lines.length < 5) return this.insertLine();
			if (action < 0.85) return this.updateLine();
			return this.deleteLine();
		}
		if (table === 2) {
			if (action < 0.35 || this.events.length < 5) return this.insertEvent();
			if (action < 0.6) return this.updateEventAmount();
			if (action < 0.8) return this.moveEventToOtherRegion();
			return this.deleteEvent();
		}
		if (action < 0.1 || this.documents.length < 2) return this.insertDocument();
		if (action < 0.95) return this.retitleDocument();
		return this.deleteDocument();
	}

	private pick<T>(list: T[]): T {
		return list[Math.floor(this.random() * list.length)];
	}

	private take<T>(list: T[]): T {
		return list.splice(Math.floor(this.random() * list.length), 1)[0];
	}

	private timestamp(): string {
		this.tick++;
		return new Date(Date.UTC(2024, 0, 1) + this.tick * 61_000)
			.toISOString()
			.replace('T', ' ')
			.slice(0, 19);
	}

	private amount(): string {
		return (Math.floor(this.random() * 1_000_000) / 100).toFixed(2);
	}

	private insertCustomer(): Statement {
		const id = this.nextId++;
		this.customers.push(id);
		return {
			text: 'INSERT INTO public.customers VALUES ($1, $2, $3, $4, $5)',
			values: [id, `customer ${id}`, this.amount(), this.random() < 0.5, this.timestamp()],
		};
	}

	private updateCustomer(): Statement {
		const id = this.pick(this.customers);
		return {
			text: 'UPDATE public.customers SET name = $2, balance = $3, active = NOT active, updated_at = $4 WHERE id = $1',
			values: [
				id,
				`customer ${id} v${this.tick}`,
				this.random() < 0.1 ? null : this.amount(),
				this.timestamp(),
			],
		};
	}

	private deleteCustomer(): Statement {
		return {
			text: 'DELETE FROM public.customers WHERE id = $1',
			values: [this.take(this.customers)],
		};
	}

	private insertLine(): Statement {
		const id = this.nextId++;
		const key: [string, number] = [`O-${id % 7}`, id];
		this.lines.push(key);
		return {
			text: 'INSERT INTO public.order_lines VALUES ($1, $2, $3, $4)',
			values: [
				...key,
				1 + Math.floor(this.random() * 9),
				this.random() < 0.2 ? null : `line ${id}`,
			],
		};
	}

	private updateLine(): Statement {
		const [code, line] = this.pick(this.lines);
		return {
			text: 'UPDATE public.order_lines SET qty = qty + 1, note = $3 WHERE order_code = $1 AND line_no = $2',
			values: [code, line, `changed at ${this.tick++}`],
		};
	}

	private deleteLine(): Statement {
		const [code, line] = this.take(this.lines);
		return {
			text: 'DELETE FROM public.order_lines WHERE order_code = $1 AND line_no = $2',
			values: [code, line],
		};
	}

	private insertEvent(): Statement {
		const id = this.nextId++;
		const region = this.random() < 0.5 ? 'EU' : 'US';
		this.events.push([id, region]);
		return {
			text: 'INSERT INTO public.events VALUES ($1, $2, $3)',
			values: [id, region, this.amount()],
		};
	}

	private updateEventAmount(): Statement {
		const [id, region] = this.pick(this.events);
		return {
			text: 'UPDATE public.events SET amount = $3 WHERE id = $1 AND region = $2',
			values: [id, region, this.amount()],
		};
	}

	/** Changes the partition key: the row moves to the other partition (a delete and an insert). */
	private moveEventToOtherRegion(): Statement {
		const event = this.pick(this.events);
		const [id, region] = event;
		event[1] = region === 'EU' ? 'US' : 'EU';
		return {
			text: 'UPDATE public.events SET region = $3 WHERE id = $1 AND region = $2',
			values: [id, region, event[1]],
			kind: MOVED_PARTITION,
		};
	}

	private deleteEvent(): Statement {
		const [id, region] = this.take(this.events);
		return {
			text: 'DELETE FROM public.events WHERE id = $1 AND region = $2',
			values: [id, region],
		};
	}

	private insertDocument(): Statement {
		const id = this.nextId++;
		this.documents.push(id);
		return {
			text: 'INSERT INTO public.documents VALUES ($1, $2, $3)',
			values: [id, `document ${id}`, largeBody()],
		};
	}

	/** Leaves the TOASTed body unchanged: the change carries it as "unchanged TOAST". */
	private retitleDocument(): Statement {
		const id = this.pick(this.documents);
		return {
			text: 'UPDATE public.documents SET title = $2 WHERE id = $1',
			values: [id, `document ${id} v${this.tick++}`],
			kind: TOAST_UNCHANGED,
		};
	}

	private deleteDocument(): Statement {
		return {
			text: 'DELETE FROM public.documents WHERE id = $1',
			values: [this.take(this.documents)],
		};
	}
}
