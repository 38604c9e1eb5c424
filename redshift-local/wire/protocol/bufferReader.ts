/** A cursor over one message body: reads protocol integers, C strings and byte runs in order. */
export class BufferReader {
	private offset = 0;

	constructor(private readonly buffer: Buffer) {}

	int16(): number {
		const value = this.buffer.readInt16BE(this.offset);
		this.offset += 2;
		return value;
	}

	int32(): number {
		const value = this.buffer.readInt32BE(this.offset);
		this.offset += 4;
		return value;
	}

	byte(): string {
		return String.fromCharCode(this.buffer[this.offset++]);
	}

	cstring(): string {
		const end = this.buffer.indexOf(0, this.offset);
		const value = this.buffer.toString('utf8', this.offset, end);
		this.offset = end + 1;
		return value;
	}

	bytes(length: number): Buffer {
		const value = this.buffer.subarray(this.offset, this.offset + length);
		this.offset += length;
		return value;
	}

	done(): boolean {
		return this.offset >= this.buffer.length;
	}
}
