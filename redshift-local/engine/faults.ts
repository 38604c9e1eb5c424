import { RedshiftError, type FaultHooks } from './session';

/**
 * Failures tests can arm on one local Redshift instance: fail the Nth COPY, drop the client
 * connection at a statement, or raise Redshift's serializable isolation violation (error 1023).
 */
export class FaultInjector implements FaultHooks {
	private copiesSeen = 0;
	private failingCopy?: number;
	private dropPattern?: RegExp;
	private conflictPattern?: RegExp;
	private conflictTimes = 0;

	/** The Nth COPY from now on (1 = the next one) fails. */
	failCopy(nth = 1): void {
		this.failingCopy = this.copiesSeen + nth;
	}

	/** The next statement matching the pattern drops the client connection instead of running. */
	dropConnectionAt(pattern: RegExp): void {
		this.dropPattern = pattern;
	}

	/** The next `times` statements matching the pattern fail with error 1023. */
	serializableViolationOn(pattern: RegExp, times = 1): void {
		this.conflictPattern = pattern;
		this.conflictTimes = times;
	}

	reset(): void {
		this.failingCopy = undefined;
		this.dropPattern = undefined;
		this.conflictPattern = undefined;
		this.conflictTimes = 0;
	}

	/** True when an armed drop or error-1023 fault would fire for this statement; consumes nothing. */
	armedFor(sql: string): boolean {
		if (this.dropPattern?.test(sql)) return true;
		return (
			this.conflictTimes > 0 && this.conflictPattern !== undefined && this.conflictPattern.test(sql)
		);
	}

	beforeCopy(): void {
		this.copiesSeen++;
		if (this.failingCopy !== undefined && this.copiesSeen === this.failingCopy) {
			this.failingCopy = undefined;
			throw new RedshiftError(`Injected failure of COPY number ${this.copiesSeen}`, 'XX000');
		}
	}

	shouldDropConnection(sql: string): boolean {
		if (this.dropPattern?.test(sql)) {
			this.dropPattern = undefined;
			return true;
		}
		return false;
	}

	beforeStatement(sql: string): void {
		if (this.conflictTimes > 0 && this.conflictPattern?.test(sql)) {
			this.conflictTimes--;
			throw new RedshiftError(
				'1023',
				'XX000',
				'Serializable isolation violation on table - 100001, transactions forming the cycle are: 1, 2 (pid:1234)',
			);
		}
	}
}
