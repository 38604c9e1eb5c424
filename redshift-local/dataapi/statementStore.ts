import { queryNotFound } from './errors';
import type { StatementRecord, StatementRun, StoredResult } from './statement';

export interface RetentionLimits {
	/** How long statements and results are kept (Redshift: 24 hours). */
	retentionMs: number;
	/** Total bytes of results kept; the oldest results are dropped first beyond it. */
	maxRetainedResultBytes: number;
}

/** ClientToken idempotency lasts 8 hours (ExecuteStatement API reference). */
const CLIENT_TOKEN_MS = 8 * 60 * 60 * 1000;

/**
 * Statements and their results, kept as Redshift keeps them (24 h) within a memory bound: beyond
 * `maxRetainedResultBytes` the oldest results are dropped and GetStatementResult says so.
 */
export class StatementStore {
	private readonly records = new Map<string, StatementRecord>();
	private readonly clientTokens = new Map<string, { id: string; at: number }>();
	private retainedBytes = 0;
	private sequence = 0;

	constructor(private readonly limits: RetentionLimits) {}

	nextSequence(): number {
		return ++this.sequence;
	}

	add(record: StatementRecord, clientToken?: string): void {
		this.sweep();
		this.records.set(record.id, record);
		if (clientToken) this.clientTokens.set(clientToken, { id: record.id, at: Date.now() });
	}

	/** The statement an earlier call with the same ClientToken created, if any. */
	byClientToken(token: string | undefined): StatementRecord | undefined {
		if (!token) return undefined;
		const entry = this.clientTokens.get(token);
		return entry && Date.now() - entry.at < CLIENT_TOKEN_MS
			? this.records.get(entry.id)
			: undefined;
	}

	/** A statement, or a batch's sub-statement for an id with a `:n` suffix. */
	find(id: string): { record: StatementRecord; run: StatementRun; subIndex?: number } {
		this.sweep();
		const [parentId, suffix] = id.split(':');
		const record = this.records.get(parentId);
		if (!record) throw queryNotFound(id);
		if (suffix === undefined) return { record, run: record };
		const subIndex = Number(suffix) - 1;
		const run = record.subStatements?.[subIndex];
		if (!run) throw queryNotFound(id);
		return { record, run, subIndex };
	}

	all(): StatementRecord[] {
		this.sweep();
		return [...this.records.values()];
	}

	/** Keeps a finished statement's result, dropping the oldest results beyond the memory bound. */
	retain(result: StoredResult): void {
		this.retainedBytes += result.bytes;
		if (this.retainedBytes <= this.limits.maxRetainedResultBytes) return;
		for (const record of this.records.values()) {
			for (const run of [record, ...(record.subStatements ?? [])]) {
				if (this.retainedBytes <= this.limits.maxRetainedResultBytes) return;
				if (run.result && run.result !== result) this.evict(run.result);
			}
		}
	}

	private evict(result: StoredResult): void {
		if (result.evicted) return;
		result.evicted = true;
		result.records = [];
		this.retainedBytes -= result.bytes;
	}

	/** Forgets statements older than the retention period (Map order is insertion order). */
	private sweep(): void {
		const oldest = Date.now() - this.limits.retentionMs;
		for (const [id, record] of this.records) {
			if (record.createdAt * 1000 >= oldest) break;
			for (const run of [record, ...(record.subStatements ?? [])])
				if (run.result) this.evict(run.result);
			this.records.delete(id);
		}
		for (const [token, entry] of this.clientTokens) {
			if (Date.now() - entry.at < CLIENT_TOKEN_MS) break;
			this.clientTokens.delete(token);
		}
	}
}
