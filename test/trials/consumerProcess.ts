import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type {
	ConsumerMessage,
	ConsumerOptions,
	HarnessMessage,
	SelfKillPoint,
} from './consumerProtocol';

/** The harness's handle on one consumer process (test/trials/consumerChild.ts) and what it reported. */
export class ConsumerProcess {
	private readonly child: ChildProcess;
	private readonly exited: Promise<void>;
	hasExited = false;
	/** Set when the harness or a kill point ended the process; an exit without it is a crash. */
	expectedExit = false;
	exitDescription = '';
	/** The trigger is active (activation finished and no error since). */
	activated = false;
	/** Activations so far (a trigger error deactivates; the consumer activates again). */
	activations = 0;
	/**
	 * The slot's confirmed position read by the harness after the latest activation, and which
	 * activation it belongs to. A slot created by that activation starts there without any acknowledgement.
	 */
	activationMark?: { activation: number; lsn: bigint };
	inFlight = 0;
	runsSucceeded = 0;
	runsFailed = 0;
	/** Kill points the consumer reached and killed itself at. */
	readonly selfKills: SelfKillPoint[] = [];
	/** Run failures and trigger errors, newest last (for the report when a scenario stalls). */
	readonly errors: string[] = [];

	constructor(options: ConsumerOptions, verbose: boolean) {
		// A real process to SIGKILL; test tooling, never shipped in dist/.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		this.child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'consumerChild.ts')], {
			env: { ...process.env, TRIALS_CONSUMER_OPTIONS: JSON.stringify(options) },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		this.exited = new Promise((resolve) => {
			this.child.once('exit', (code, signal) => {
				this.exitDescription = signal ? `signal ${signal}` : `exit code ${code}`;
				this.hasExited = true;
				this.activated = false;
				resolve();
			});
		});
		this.child.on('message', (message: ConsumerMessage) => {
			this.observe(message);
			if (verbose) console.log(`    consumer ${this.child.pid}: ${JSON.stringify(message)}`);
		});
	}

	private observe(message: ConsumerMessage): void {
		if (message.type === 'activated') {
			this.activated = true;
			this.activations += 1;
		}
		if (message.type === 'runStarted') this.inFlight = message.inFlight;
		if (message.type === 'runEnded') {
			this.inFlight = message.inFlight;
			if (message.ok) this.runsSucceeded += 1;
			else {
				this.runsFailed += 1;
				this.remember(`run failed: ${message.message ?? ''}`);
			}
		}
		if (message.type === 'triggerError') {
			this.activated = false;
			this.remember(`trigger error: ${message.message}`);
		}
		if (message.type === 'activationFailed') this.remember(`activation failed: ${message.message}`);
		if (message.type === 'killingSelf') {
			this.expectedExit = true;
			this.selfKills.push(message.point);
		}
	}

	private remember(error: string): void {
		this.errors.push(error.length > 400 ? `${error.slice(0, 400)}…` : error);
		if (this.errors.length > 20) this.errors.shift();
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	private tell(message: HarnessMessage): void {
		if (!this.hasExited && this.child.connected) this.child.send(message);
	}

	arm(point: SelfKillPoint, ordinal: number): void {
		this.tell({ type: 'arm', point, ordinal });
	}

	disarm(): void {
		this.tell({ type: 'disarm' });
	}

	/** SIGKILL now: no cleanup of any kind runs in the consumer. */
	killNow(): void {
		this.expectedExit = true;
		if (!this.hasExited) this.child.kill('SIGKILL');
	}

	async kill(): Promise<void> {
		this.killNow();
		await this.exited;
	}

	async waitForExit(): Promise<void> {
		await this.exited;
	}

	/** Deactivates the trigger as n8n would on shutdown; killed if it has not exited within the deadline. */
	async stop(deadlineMs = 15_000): Promise<void> {
		this.expectedExit = true;
		this.tell({ type: 'stop' });
		const timer = setTimeout(() => this.killNow(), deadlineMs);
		await this.exited;
		clearTimeout(timer);
	}
}
