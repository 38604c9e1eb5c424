import type { Frame } from './protocol/frameReader';

/** Messages waiting for one async reader; a failure wakes the reader with the error. */
export class FrameQueue {
	private readonly frames: Frame[] = [];
	private waiting?: { resolve: (frame: Frame) => void; reject: (error: Error) => void };
	private failure?: Error;

	push(frame: Frame): void {
		if (this.waiting) {
			const { resolve } = this.waiting;
			this.waiting = undefined;
			resolve(frame);
			return;
		}
		this.frames.push(frame);
	}

	fail(error: Error): void {
		this.failure = error;
		if (this.waiting) {
			const { reject } = this.waiting;
			this.waiting = undefined;
			reject(error);
		}
	}

	async next(): Promise<Frame> {
		const frame = this.frames.shift();
		if (frame) return frame;
		if (this.failure) throw this.failure;
		return await new Promise((resolve, reject) => {
			this.waiting = { resolve, reject };
		});
	}
}
