import { cpus, loadavg, totalmem } from 'node:os';

/** One measured run: wall time, this process's CPU time and the peak heap seen while it ran. */
export interface Sample {
	ms: number;
	/** User + system CPU time of this process (servers started in-process count too). */
	cpuMs: number;
	peakHeapMb: number;
}

export type Side = 'subject' | 'baseline';

export interface Comparison {
	name: string;
	subject: string;
	baseline: string;
	/** What one run moves, e.g. '200000 rows'. */
	work: string;
	subjectSamples: Sample[];
	baselineSamples: Sample[];
	/** subject time / baseline time, pair by pair. */
	ratios: number[];
	/** Items one run moves on each side, for a throughput column (e.g. rows). */
	throughput?: { subject: number; baseline: number; unit: string };
	/** Printed under the table: caveats and what the numbers mean. */
	notes?: string[];
}

export interface CompareOptions {
	name: string;
	subject: string;
	baseline: string;
	work: string;
	runs: number;
	runSubject: () => Promise<void>;
	runBaseline: () => Promise<void>;
	/** Untimed work before every run of a side (e.g. writing fresh WAL). */
	prepare?: (side: Side) => Promise<void>;
	/** Untimed work after every run of a side (e.g. dropping a slot, deleting staged objects). */
	cleanup?: (side: Side) => Promise<void>;
	throughput?: Comparison['throughput'];
	notes?: string[];
}

export const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function sample(run: () => Promise<void>): Promise<Sample> {
	global.gc?.();
	let peak = process.memoryUsage().heapUsed;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
	const cpuStart = process.cpuUsage();
	const start = process.hrtime.bigint();
	try {
		await run();
	} finally {
		clearInterval(timer);
	}
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	const cpu = process.cpuUsage(cpuStart);
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	return { ms, cpuMs: (cpu.user + cpu.system) / 1000, peakHeapMb: peak / 1024 / 1024 };
}

async function measured(options: CompareOptions, side: Side): Promise<Sample> {
	await options.prepare?.(side);
	try {
		return await sample(side === 'subject' ? options.runSubject : options.runBaseline);
	} finally {
		await options.cleanup?.(side);
	}
}

/**
 * Runs subject and baseline in turn (A B A B …) after one warm-up each, so drift in the
 * machine's speed hits both; the ratio is taken pair by pair. `prepare` and `cleanup` run
 * around every run, outside the timing.
 */
export async function compare(options: CompareOptions): Promise<Comparison> {
	await measured(options, 'subject');
	await measured(options, 'baseline');
	const subjectSamples: Sample[] = [];
	const baselineSamples: Sample[] = [];
	for (let i = 0; i < options.runs; i++) {
		subjectSamples.push(await measured(options, 'subject'));
		baselineSamples.push(await measured(options, 'baseline'));
	}
	const ratios = subjectSamples.map((s, i) => s.ms / baselineSamples[i].ms);
	const { name, subject, baseline, work, throughput, notes } = options;
	return {
		name,
		subject,
		baseline,
		work,
		subjectSamples,
		baselineSamples,
		ratios,
		throughput,
		notes,
	};
}

export function machineLine(): string {
	const cpu = cpus()[0]?.model ?? 'unknown CPU';
	return `${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

/** The 1, 5 and 15 minute load averages: how busy the machine was (2 cores: above 2 means waiting). */
export function loadLine(): string {
	return loadavg()
		.map((value) => value.toFixed(2))
		.join(' / ');
}

function rate(count: number, ms: number): string {
	const perSecond = (count * 1000) / ms;
	return perSecond >= 10_000 ? `${(perSecond / 1000).toFixed(1)}k` : perSecond.toFixed(0);
}

export function formatComparison(result: Comparison): string {
	const ms = (samples: Sample[]) => median(samples.map((s) => s.ms));
	const cpu = (samples: Sample[]) => median(samples.map((s) => s.cpuMs)).toFixed(0);
	const heap = (samples: Sample[]) => Math.max(...samples.map((s) => s.peakHeapMb)).toFixed(0);
	const ratio = median(result.ratios);
	const throughput = result.throughput;
	const header = throughput
		? `| | median ms | ${throughput.unit}/s | CPU ms (this process) | peak heap MB |\n|---|---|---|---|---|`
		: '| | median ms | CPU ms (this process) | peak heap MB |\n|---|---|---|---|';
	const row = (label: string, samples: Sample[], count: number | undefined) =>
		`| ${label} | ${ms(samples).toFixed(0)} | ${count === undefined ? '' : `${rate(count, ms(samples))} | `}${cpu(samples)} | ${heap(samples)} |`;
	return [
		`### ${result.name}`,
		'',
		`Work per run: ${result.work}; ${result.ratios.length} paired runs after a warm-up; medians (peak heap: the largest seen).`,
		'',
		header,
		row(result.subject, result.subjectSamples, throughput?.subject),
		row(`baseline: ${result.baseline}`, result.baselineSamples, throughput?.baseline),
		'',
		`Ratio subject/baseline (time): median ${ratio.toFixed(2)}, min ${Math.min(...result.ratios).toFixed(2)}, max ${Math.max(...result.ratios).toFixed(2)}.`,
		'',
		...(result.notes ?? []).flatMap((note) => [note, '']),
	].join('\n');
}
