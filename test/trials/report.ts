import { KILL_KINDS } from './killPlan';
import type { ScenarioResult } from './scenario';

/** The one summary line per scenario: what `npm run test:trials` promises to print. */
export function summaryLine(result: ScenarioResult): string {
	const kills =
		result.planned.none > 0
			? 'off(TRIALS_KILLS=0)'
			: KILL_KINDS.map((kind) => `${kind}:${result.fired[kind]}/${result.planned[kind]}`).join(',');
	return [
		`scenario=${result.scenario}${result.planned.none > 0 ? '-nokills' : ''}`,
		`maxRunsInFlight=${result.maxRunsInFlight}`,
		`trials=${result.trials}`,
		`missing=${result.missing}`,
		`extra=${result.extra}`,
		`differing=${result.differing}`,
		`killPointsReached=${kills}`,
		`seconds=${result.seconds}`,
		`status=${result.status}`,
	].join('  ');
}

/** Per-table counts and a few example keys, printed under the summary line. */
export function detailLines(result: ScenarioResult): string[] {
	const lines = result.tables.map((table) => {
		const columns =
			table.missingColumns.length > 0
				? `  targetLacksColumns=${table.missingColumns.join(',')}`
				: '';
		const examples = table.examples.length > 0 ? `  e.g. ${table.examples.join('; ')}` : '';
		return `    table=${table.table}  sourceRows=${table.sourceRows}  targetRows=${table.targetRows}  missing=${table.missing}  extra=${table.extra}  differing=${table.differing}${columns}${examples}`;
	});
	const workload = [...result.workload.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([kind, count]) => `${kind}:${count}`);
	return [...lines, `    workload statements: ${workload.join(' ')}`];
}

export function isClean(result: ScenarioResult): boolean {
	return (
		result.status === 'ok' && result.missing === 0 && result.extra === 0 && result.differing === 0
	);
}
