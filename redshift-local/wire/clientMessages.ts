import type { Frame } from './protocol/frameReader';

/** The client's messages in arrival order, for one sequential reader; undefined once the client is gone. */
export class ClientMessages {
	private readonly frames: Frame[] = [];
	private waiting?: (frame: Frame | undefined) => void;
	private ended = false;

	push(frame: Frame): void {
		if (this.waiting) {
			const wake = this.waiting;
			this.waiting = undefined;
			wake(frame);
			return;
		}
		this.frames.push(frame);
	}

	end(): void {
		this.ended = true;
		const wake = this.waiting;
		this.waiting = undefined;
		wake?.(undefined);
	}

	async next(): Promise<Frame | undefined> {
		const frame = this.frames.shift();
		if (frame || this.ended) return frame;
		return await new Promise((resolve) => {
			this.waiting = resolve;
		});
	}
}
