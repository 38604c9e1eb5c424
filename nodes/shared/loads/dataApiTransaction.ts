import { DATA_API_MAX_STATEMENTS, rowsPerInsert } from './insertBatches';
import { LoadSetupError } from './errors';
import type { InsertFillSettings, LoadBaseOptions, WriteMode } from './types';

/** A load that must commit as one transaction, and what it would send. */
export interface OneTransaction {
	quotedTable: string;
	/** Why the load cannot be split, e.g. "its staging table lives only inside it". */
	because: string;
	/** The load's own statements (INSERT batches included), without the SQL before/after. */
	statements: number;
	/** The INSERT batches among them, each with the first item it carries (write mode Insert). */
	inserts?: readonly { firstItem: number }[];
	/** Rows the INSERTs carry and what they are, in messages (default "items"). */
	rowCount?: number;
	rowsAre?: string;
	/** Columns per INSERT row, to say how many rows one INSERT can carry. */
	columns?: number;
	/** What else helps, for a load whose size does not come from its rows (e.g. a changelog's TOAST fills). */
	otherwise?: string;
}

export class DataApiTransactionTooLargeError extends LoadSetupError {
	constructor(message: string) {
		super(message);
		this.name = 'DataApiTransactionTooLargeError';
	}
}

/**
 * The one check that a load which must be one transaction fits the Data API, which runs at most 40
 * statements in one (BatchExecuteStatement). Called before anything of the load is sent; counts the
 * user's SQL before/after the load, which shares the transaction. On the wire there is no limit.
 */
export function assertOneDataApiTransaction(
	options: LoadBaseOptions & { writeMode?: WriteMode; insert?: InsertFillSettings },
	load: OneTransaction,
): void {
	if (options.connection.transport !== 'dataApi') return;
	const hooks = (options.hooks?.before.length ?? 0) + (options.hooks?.after.length ?? 0);
	const total = load.statements + hooks;
	if (total <= DATA_API_MAX_STATEMENTS) return;
	const inserts = load.inserts ?? [];
	const others = total - inserts.length;
	const what = load.rowsAre ?? 'items';
	const hookText = hooks > 0 ? ` (${hooks} of them the SQL before/after the load)` : '';
	let size = `It needs ${total} statements${hookText}.`;
	const fixes: string[] = [];
	if (inserts.length > 0) {
		const room = DATA_API_MAX_STATEMENTS - others;
		const fit = room <= 0 ? 0 : (inserts[room]?.firstItem ?? load.rowCount ?? 0);
		const columns = load.columns ?? 1;
		const perInsert = rowsPerInsert(columns, {
			transport: 'dataApi',
			batchSize: options.insert?.batchSize,
		});
		const most = rowsPerInsert(columns, {
			transport: 'dataApi',
			batchSize: Number.POSITIVE_INFINITY,
		});
		size =
			`These ${load.rowCount ?? '?'} ${what} need ${inserts.length} INSERT statement(s) of up to ${perInsert} rows plus ${others} other statement(s)${hookText}, ` +
			`so at most ${fit} ${what} fit.`;
		fixes.push('use write mode Copy (stage in S3)');
		fixes.push(
			perInsert < most
				? `set a larger Batch Size (up to ${most} rows fit one INSERT here)`
				: `send fewer items per run (Batch Size is already at the ${most} rows that fit one INSERT here)`,
		);
	} else if (hooks > 0) {
		fixes.push('use fewer statements in SQL Before/After the Load');
	}
	if (load.otherwise) fixes.push(load.otherwise);
	fixes.push('use a direct connection (no statement limit)');
	const fix = `${fixes.slice(0, -1).join(', ')}${fixes.length > 1 ? ', or ' : ''}${fixes[fixes.length - 1]}`;
	throw new DataApiTransactionTooLargeError(
		`Loading into ${load.quotedTable} over the Data API must be one transaction (${load.because}), and a Data API transaction runs at most ${DATA_API_MAX_STATEMENTS} statements. ` +
			`${size} Nothing was sent. To load it, ${fix}.`,
	);
}
