/** One protocol message: its type byte, its body, and the exact bytes it arrived as. */
export interface Frame {
	code: string;
	body: Buffer;
	raw: Buffer;
}

const HEADER_LENGTH = 5;

/**
 * Cuts a byte stream into typed protocol messages (type byte + int32 length). Keeps a partial
 * message until its remaining bytes arrive, so callers only ever see whole messages.
 */
export class FrameReader {
	private chunks: Buffer[] = [];
	private buffered = 0;
	/** Bytes the partial message at the front needs in all; chunks are only joined once they are there. */
	private needed = HEADER_LENGTH;

	push(chunk: Buffer): Frame[] {
		this.chunks.push(chunk);
		this.buffered += chunk.length;
		if (this.buffered < this.needed) return [];
		const buffer =
			this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
		const frames: Frame[] = [];
		let offset = 0;
		this.needed = HEADER_LENGTH;
		while (buffer.length - offset >= HEADER_LENGTH) {
			const total = 1 + buffer.readInt32BE(offset + 1);
			if (buffer.length - offset < total) {
				this.needed = total;
				break;
			}
			const raw = buffer.subarray(offset, offset + total);
			frames.push({ code: String.fromCharCode(raw[0]), body: raw.subarray(HEADER_LENGTH), raw });
			offset += total;
		}
		const rest = buffer.subarray(offset);
		this.chunks = rest.length > 0 ? [Buffer.from(rest)] : [];
		this.buffered = rest.length;
		return frames;
	}
}

/** Startup-phase packets have no type byte: int32 length, then the payload. */
export class StartupPacketReader {
	private pending: Buffer = Buffer.alloc(0);

	/** Returns the next whole packet, or undefined until it has fully arrived; `rest` holds what follows it. */
	push(chunk: Buffer): { packet: Buffer; rest: Buffer } | undefined {
		this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
		if (this.pending.length < 4) return undefined;
		const length = this.pending.readInt32BE(0);
		if (this.pending.length < length) return undefined;
		const packet = this.pending.subarray(0, length);
		const rest = this.pending.subarray(length);
		this.pending = Buffer.alloc(0);
		return { packet, rest };
	}
}
