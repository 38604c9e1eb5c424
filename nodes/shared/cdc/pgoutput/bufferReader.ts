/** Raised for bytes that do not form a valid pgoutput message; names the message kind and the byte offset. */
export class PgoutputDecodeError extends Error {
	constructor(
		readonly messageKind: string,
		readonly offset: number,
		detail: string,
	) {
		super(
			`Malformed pgoutput ${messageKind} message at byte ${offset}: ${detail}. ` +
				'The replication stream is not pgoutput protocol version 1 or is corrupted; check the slot plugin and proto_version.',
		);
		this.name = 'PgoutputDecodeError';
	}
}

const EMPTY = Buffer.alloc(0);

/**
 * A cursor over one message's bytes. One instance is reused for every message, so decoding
 * allocates nothing but the decoded values. Every read checks bounds: a short message fails
 * with the kind and offset instead of a bare RangeError.
 */
export class BufferReader {
	private buffer: Buffer = EMPTY;
	private position = 0;
	private kind = '';

	reset(buffer: Buffer, kind: string, position = 0): void {
		this.buffer = buffer;
		this.kind = kind;
		this.position = position;
	}

	get offset(): number {
		return this.position;
	}

	get remaining(): number {
		return this.buffer.length - this.position;
	}

	fail(detail: string, at = this.position): never {
		throw new PgoutputDecodeError(this.kind, at, detail);
	}

	private need(bytes: number, what: string): void {
		if (this.position + bytes > this.buffer.length) {
			this.fail(`needs ${bytes} byte(s) for ${what} but only ${this.remaining} remain`);
		}
	}

	uint8(what: string): number {
		this.need(1, what);
		return this.buffer[this.position++];
	}

	int16(what: string): number {
		this.need(2, what);
		const value = this.buffer.readInt16BE(this.position);
		this.position += 2;
		return value;
	}

	int32(what: string): number {
		this.need(4, what);
		const value = this.buffer.readInt32BE(this.position);
		this.position += 4;
		return value;
	}

	/** OIDs and xids are unsigned 32-bit on the wire. */
	uint32(what: string): number {
		this.need(4, what);
		const value = this.buffer.readUInt32BE(this.position);
		this.position += 4;
		return value;
	}

	/** LSNs are unsigned 64-bit. */
	uint64(what: string): bigint {
		this.need(8, what);
		const value = this.buffer.readBigUInt64BE(this.position);
		this.position += 8;
		return value;
	}

	/** Timestamps are signed 64-bit microseconds since 2000-01-01. */
	int64(what: string): bigint {
		this.need(8, what);
		const value = this.buffer.readBigInt64BE(this.position);
		this.position += 8;
		return value;
	}

	/** A NUL-terminated UTF-8 string. */
	cstring(what: string): string {
		const end = this.buffer.indexOf(0, this.position);
		if (end < 0) this.fail(`${what} has no terminating NUL byte`);
		const value = this.buffer.toString('utf8', this.position, end);
		this.position = end + 1;
		return value;
	}

	utf8(length: number, what: string): string {
		this.need(length, what);
		const value = this.buffer.toString('utf8', this.position, this.position + length);
		this.position += length;
		return value;
	}

	/** A view on the message's bytes (no copy): valid as long as the message buffer is. */
	bytes(length: number, what: string): Buffer {
		this.need(length, what);
		const value = this.buffer.subarray(this.position, this.position + length);
		this.position += length;
		return value;
	}

	/** Trailing bytes mean the message was decoded with the wrong layout; better to stop than to guess. */
	expectEnd(): void {
		if (this.remaining !== 0) this.fail(`${this.remaining} unexpected trailing byte(s)`);
	}
}
