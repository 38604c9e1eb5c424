/**
 * A JSON reader over a byte string that keeps what JSON.parse loses: number text (no float
 * rounding of BIGINT/DECIMAL values), string bytes (invalid UTF-8 is checked per column later),
 * each value's source text, and line numbers.
 */
export type JsonNode =
	| { kind: 'object'; members: Array<{ key: string; value: JsonNode }>; text: string }
	| { kind: 'array'; items: JsonNode[]; text: string }
	| { kind: 'string'; bytes: string; text: string }
	| { kind: 'number'; text: string }
	| { kind: 'boolean'; text: string }
	| { kind: 'null'; text: string };

export class JsonSyntaxError extends Error {
	constructor(
		message: string,
		readonly line: number,
	) {
		super(message);
		this.name = 'JsonSyntaxError';
	}
}

export interface JsonDocument {
	node: JsonNode;
	firstLine: number;
	lastLine: number;
}

function utf8Bytes(codePoint: number): string {
	return Buffer.from(String.fromCodePoint(codePoint), 'utf8').toString('latin1');
}

const SIMPLE_ESCAPES: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
};

export class JsonScanner {
	private position = 0;
	private line = 1;

	constructor(private readonly content: string) {}

	/** The next top-level value, or undefined at the end of the content. */
	nextDocument(): JsonDocument | undefined {
		this.skipWhitespace();
		if (this.position >= this.content.length) return undefined;
		const firstLine = this.line;
		const node = this.parseValue();
		return { node, firstLine, lastLine: this.line };
	}

	currentLine(): number {
		return this.line;
	}

	private fail(message: string): never {
		throw new JsonSyntaxError(`${message} at byte ${this.position}`, this.line);
	}

	private skipWhitespace(): void {
		while (this.position < this.content.length) {
			const char = this.content[this.position];
			if (char === '\n') this.line++;
			else if (char !== ' ' && char !== '\t' && char !== '\r') return;
			this.position++;
		}
	}

	private parseValue(): JsonNode {
		this.skipWhitespace();
		const char = this.content[this.position];
		if (char === '{') return this.parseObject();
		if (char === '[') return this.parseArray();
		if (char === '"') {
			const start = this.position;
			const bytes = this.parseString();
			return { kind: 'string', bytes, text: this.content.slice(start, this.position) };
		}
		for (const literal of ['true', 'false', 'null'] as const) {
			if (this.content.startsWith(literal, this.position)) {
				this.position += literal.length;
				return literal === 'null'
					? { kind: 'null', text: literal }
					: { kind: 'boolean', text: literal };
			}
		}
		const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(
			this.content.slice(this.position, this.position + 400),
		);
		if (!number) this.fail(`Unexpected character '${char ?? 'end of file'}'`);
		this.position += number[0].length;
		return { kind: 'number', text: number[0] };
	}

	private parseObject(): JsonNode {
		const start = this.position++;
		const members: Array<{ key: string; value: JsonNode }> = [];
		this.skipWhitespace();
		if (this.content[this.position] === '}') {
			this.position++;
			return { kind: 'object', members, text: this.content.slice(start, this.position) };
		}
		for (;;) {
			this.skipWhitespace();
			if (this.content[this.position] !== '"') this.fail('Expected a member name');
			const key = Buffer.from(this.parseString(), 'latin1').toString('utf8');
			this.skipWhitespace();
			if (this.content[this.position] !== ':') this.fail("Expected ':'");
			this.position++;
			members.push({ key, value: this.parseValue() });
			this.skipWhitespace();
			const separator = this.content[this.position++];
			if (separator === '}')
				return { kind: 'object', members, text: this.content.slice(start, this.position) };
			if (separator !== ',') this.fail("Expected ',' or '}'");
		}
	}

	private parseArray(): JsonNode {
		const start = this.position++;
		const items: JsonNode[] = [];
		this.skipWhitespace();
		if (this.content[this.position] === ']') {
			this.position++;
			return { kind: 'array', items, text: this.content.slice(start, this.position) };
		}
		for (;;) {
			items.push(this.parseValue());
			this.skipWhitespace();
			const separator = this.content[this.position++];
			if (separator === ']')
				return { kind: 'array', items, text: this.content.slice(start, this.position) };
			if (separator !== ',') this.fail("Expected ',' or ']'");
		}
	}

	/** Returns the string's bytes with escapes resolved (\u escapes become UTF-8 bytes). */
	private parseString(): string {
		let bytes = '';
		this.position++;
		while (this.position < this.content.length) {
			const char = this.content[this.position++];
			if (char === '"') return bytes;
			if (char === '\n') this.fail('Unescaped newline in string');
			if (char !== '\\') {
				bytes += char;
				continue;
			}
			const escape = this.content[this.position++];
			if (escape in SIMPLE_ESCAPES) {
				bytes += SIMPLE_ESCAPES[escape];
			} else if (escape === 'u') {
				bytes += utf8Bytes(this.parseUnicodeEscape());
			} else {
				this.fail(`Invalid escape '\\${escape}'`);
			}
		}
		return this.fail('Unterminated string');
	}

	private parseUnicodeEscape(): number {
		const readHex = (): number => {
			const hex = this.content.slice(this.position, this.position + 4);
			if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape');
			this.position += 4;
			return parseInt(hex, 16);
		};
		const unit = readHex();
		if (unit >= 0xd800 && unit <= 0xdbff && this.content.startsWith('\\u', this.position)) {
			this.position += 2;
			const low = readHex();
			if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
			this.fail('Invalid surrogate pair');
		}
		return unit >= 0xd800 && unit <= 0xdfff ? 0xfffd : unit;
	}
}
