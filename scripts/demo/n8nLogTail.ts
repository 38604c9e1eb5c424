import { existsSync, readFileSync } from 'node:fs';

/**
 * The last lines of n8n's output that report a problem: a failed --check prints them, since its
 * temporary folder (and the log in it) is removed at exit.
 */
export function n8nProblemLines(logFile: string, count = 30): string[] {
	if (!existsSync(logFile)) return [];
	return readFileSync(logFile, 'utf8')
		.split('\n')
		.filter((line) => /error|fail|warn/i.test(line) && !/migration/i.test(line))
		.slice(-count);
}
