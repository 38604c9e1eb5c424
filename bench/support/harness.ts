import { cpus, totalmem } from 'node:os';

/** One measured run: wall time and the peak heap seen while it ran. */
export interface Sample {
	ms: number;
	peakHeapMb: number;
}

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
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function sample(run: () => Promise<void>): Promise<Sample> {
	global.gc?.();
	let peak = process.memoryUsage().heapUsed;
	const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
	const start = process.hrtime.bigint();
	try {
		await run();
	} finally {
		clearInterval(timer);
	}
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	return { ms, peakHeapMb: peak / 1024 / 1024 };
}

/**
 * Runs subject and baseline in turn (A B A B …) after one warm-up each, so drift in the
 * machine's speed hits both; the ratio is taken pair by pair.
 */
export async function compare(options: {
	name: string;
	subject: string;
	baseline: string;
	work: string;
	runs: number;
	runSubject: () => Promise<void>;
	runBaseline: () => Promise<void>;
}): Promise<Comparison> {
	await options.runSubject();
	await options.runBaseline();
	const subjectSamples: Sample[] = [];
	const baselineSamples: Sample[] = [];
	for (let i = 0; i < options.runs; i++) {
		subjectSamples.push(await sample(options.runSubject));
		baselineSamples.push(await sample(options.runBaseline));
	}
	const ratios = subjectSamples.map((s, i) => s.ms / baselineSamples[i].ms);
	return { ...options, subjectSamples, baselineSamples, ratios };
}

export function machineLine(): string {
	const cpu = cpus()[0]?.model ?? 'unknown CPU';
	return `${cpus().length} × ${cpu}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${process.platform}`;
}

export function formatComparison(result: Comparison): string {
	const ms = (samples: Sample[]) => median(samples.map((s) => s.ms)).toFixed(0);
	const heap = (samples: Sample[]) => Math.max(...samples.map((s) => s.peakHeapMb)).toFixed(0);
	const ratio = median(result.ratios);
	return [
		`### ${result.name}`,
		'',
		`Work per run: ${result.work}; ${result.ratios.length} paired runs after a warm-up; medians.`,
		'',
		'| | median ms | peak heap MB |',
		'|---|---|---|',
		`| ${result.subject} | ${ms(result.subjectSamples)} | ${heap(result.subjectSamples)} |`,
		`| baseline: ${result.baseline} | ${ms(result.baselineSamples)} | ${heap(result.baselineSamples)} |`,
		'',
		`Ratio subject/baseline (time): median ${ratio.toFixed(2)}, min ${Math.min(...result.ratios).toFixed(2)}, max ${Math.max(...result.ratios).toFixed(2)}.`,
		'',
	].join('\n');
}
