import { RedshiftError } from '../session';
import {
	defaultCopyCommand,
	MAXERROR_LIMIT,
	type CopyCommand,
	type TableName,
} from './copyCommand';
import { SqlSyntaxError, tokenize, type Token } from '../sqlTokens';

/** Walks the token list; every "expect" failure is Redshift's syntax error at that token. */
class TokenCursor {
	private index = 0;

	constructor(private readonly tokens: Token[]) {}

	peek(offset = 0): Token | undefined {
		return this.tokens[this.index + offset];
	}

	next(): Token | undefined {
		return this.tokens[this.index++];
	}

	atEnd(): boolean {
		const token = this.peek();
		return token === undefined || (token.text === ';' && this.index === this.tokens.length - 1);
	}

	isWord(word: string, offset = 0): boolean {
		const token = this.peek(offset);
		return token?.kind === 'word' && token.value === word;
	}

	isSymbol(symbol: string): boolean {
		const token = this.peek();
		return (token?.kind === 'punct' || token?.kind === 'operator') && token.text === symbol;
	}

	skipWord(word: string): boolean {
		if (!this.isWord(word)) return false;
		this.index++;
		return true;
	}

	expectSymbol(symbol: string): void {
		if (!this.isSymbol(symbol)) throw syntaxErrorAt(this.peek());
		this.index++;
	}

	expectString(): string {
		this.skipWord('AS');
		const token = this.next();
		if (token?.kind !== 'string') throw syntaxErrorAt(token);
		return token.value;
	}

	expectInteger(): number {
		this.skipWord('AS');
		const token = this.next();
		if (token?.kind !== 'number' || !/^\d+$/.test(token.text)) throw syntaxErrorAt(token);
		return Number(token.text);
	}

	/** An identifier: unquoted words fold to lower case, quoted ones are kept as written. */
	expectIdentifier(): string {
		const token = this.next();
		if (token?.kind === 'word') return token.text.toLowerCase();
		if (token?.kind === 'identifier') return token.value;
		throw syntaxErrorAt(token);
	}
}

export function syntaxErrorAt(token: Token | undefined): RedshiftError {
	const shown =
		token?.kind === 'string' || token?.kind === 'identifier' ? token.value : token?.text;
	const near = shown === undefined ? 'end of input' : `"${shown}"`;
	return new RedshiftError(`syntax error at or near ${near}`, '42601');
}

function notSupported(what: string): RedshiftError {
	return new RedshiftError(
		`${what} is not supported by the local Redshift (it emulates text, CSV and JSON loads from S3)`,
		'0A000',
	);
}

/**
 * Redshift accepts backslash sequences in DELIMITER / NULL AS / ACCEPTINVCHARS strings,
 * e.g. DELIMITER '\t' or NULL AS '\0' (DG copy-parameters-data-format.md).
 */
export function unescapeOptionString(text: string): string {
	return text.replace(/\\(t|n|r|\\|0[0-7]{0,2}|[1-7][0-7]{0,2})/g, (_match, code: string) => {
		if (code === 't') return '\t';
		if (code === 'n') return '\n';
		if (code === 'r') return '\r';
		if (code === '\\') return '\\';
		return String.fromCharCode(parseInt(code, 8));
	});
}

function parseTarget(cursor: TokenCursor): { table: TableName; columns?: string[] } | undefined {
	const first = cursor.peek();
	if (first?.kind !== 'word' && first?.kind !== 'identifier') return undefined;
	let name = cursor.expectIdentifier();
	let schema: string | undefined;
	if (cursor.isSymbol('.')) {
		cursor.next();
		schema = name;
		name = cursor.expectIdentifier();
	}
	if (!cursor.isSymbol('(')) return { table: { schema, name } };
	cursor.next();
	const columns = [cursor.expectIdentifier()];
	while (cursor.isSymbol(',')) {
		cursor.next();
		columns.push(cursor.expectIdentifier());
	}
	cursor.expectSymbol(')');
	return { table: { schema, name }, columns };
}

function parseJsonArgument(cursor: TokenCursor, command: CopyCommand): void {
	cursor.skipWord('AS');
	const token = cursor.peek();
	if (token?.kind !== 'string') {
		command.format = { kind: 'json', mode: 'auto' };
		return;
	}
	cursor.next();
	const argument = token.value.trim();
	const lower = argument.toLowerCase().replace(/\s+/g, ' ');
	if (lower === 'auto' || lower === 'auto ignorecase') {
		command.format = { kind: 'json', mode: lower };
	} else if (lower === 'noshred') {
		throw notSupported("JSON 'noshred'");
	} else if (lower.startsWith('s3://')) {
		command.format = { kind: 'json', mode: 'jsonpaths', jsonPathsUrl: argument };
	} else {
		throw new RedshiftError(
			`Invalid JSON option '${argument}': use 'auto', 'auto ignorecase' or the s3:// URL of a JSONPaths file`,
			'22023',
		);
	}
}

function parseFormat(cursor: TokenCursor, command: CopyCommand): void {
	cursor.skipWord('AS');
	const token = cursor.next();
	const format = token?.kind === 'word' ? token.value : '';
	if (format === 'CSV') command.format = { kind: 'csv' };
	else if (format === 'JSON') parseJsonArgument(cursor, command);
	else if (format === 'PARQUET') command.format = { kind: 'parquet' };
	else if (['AVRO', 'ORC', 'FIXEDWIDTH', 'SHAPEFILE'].includes(format)) {
		throw notSupported(`FORMAT ${format}`);
	} else throw syntaxErrorAt(token);
}

/** ON/OFF/TRUE/FALSE/PRESET arguments of COMPUPDATE and STATUPDATE are optional and only accepted. */
function skipSwitchArgument(cursor: TokenCursor): void {
	if (['ON', 'OFF', 'TRUE', 'FALSE', 'PRESET'].some((word) => cursor.isWord(word))) cursor.next();
}

type OptionParser = (cursor: TokenCursor, command: CopyCommand) => void;

const OPTIONS: Record<string, OptionParser> = {
	IAM_ROLE: (cursor, command) => {
		if (cursor.skipWord('DEFAULT')) command.authorization.iamRole = 'default';
		else command.authorization.iamRole = cursor.expectString();
	},
	CREDENTIALS: (cursor, command) => (command.authorization.credentials = cursor.expectString()),
	ACCESS_KEY_ID: (cursor, command) => (command.authorization.accessKeyId = cursor.expectString()),
	SECRET_ACCESS_KEY: (cursor, command) =>
		(command.authorization.secretAccessKey = cursor.expectString()),
	SESSION_TOKEN: (cursor, command) => (command.authorization.sessionToken = cursor.expectString()),
	REGION: (cursor, command) => (command.region = cursor.expectString()),
	MANIFEST: (_cursor, command) => (command.manifest = true),
	FORMAT: parseFormat,
	CSV: (_cursor, command) => (command.format = { kind: 'csv' }),
	JSON: parseJsonArgument,
	QUOTE: (cursor, command) => (command.quote = unescapeOptionString(cursor.expectString())),
	DELIMITER: (cursor, command) => (command.delimiter = unescapeOptionString(cursor.expectString())),
	GZIP: (_cursor, command) => (command.compression = 'gzip'),
	ZSTD: (_cursor, command) => (command.compression = 'zstd'),
	IGNOREHEADER: (cursor, command) => (command.ignoreHeader = cursor.expectInteger()),
	NULL: (cursor, command) => (command.nullAs = unescapeOptionString(cursor.expectString())),
	EMPTYASNULL: (_cursor, command) => (command.emptyAsNull = true),
	BLANKSASNULL: (_cursor, command) => (command.blanksAsNull = true),
	DATEFORMAT: (cursor, command) => (command.dateFormat = cursor.expectString()),
	TIMEFORMAT: (cursor, command) => (command.timeFormat = cursor.expectString()),
	ACCEPTINVCHARS: (cursor, command) => {
		cursor.skipWord('AS');
		const token = cursor.peek();
		command.acceptInvChars = '?';
		if (token?.kind === 'string') {
			cursor.next();
			command.acceptInvChars = unescapeOptionString(token.value);
		}
	},
	TRUNCATECOLUMNS: (_cursor, command) => (command.truncateColumns = true),
	MAXERROR: (cursor, command) =>
		(command.maxError = Math.min(cursor.expectInteger(), MAXERROR_LIMIT)),
	IGNOREALLERRORS: (_cursor, command) => (command.ignoreAllErrors = true),
	ESCAPE: (_cursor, command) => (command.escape = true),
	REMOVEQUOTES: (_cursor, command) => (command.removeQuotes = true),
	FILLRECORD: (_cursor, command) => (command.fillRecord = true),
	IGNOREBLANKLINES: (_cursor, command) => (command.ignoreBlankLines = true),
	TRIMBLANKS: (_cursor, command) => (command.trimBlanks = true),
	ROUNDEC: (_cursor, command) => (command.roundDecimals = true),
	ACCEPTANYDATE: (_cursor, command) => (command.acceptAnyDate = true),
	EXPLICIT_IDS: (_cursor, command) => (command.explicitIds = true),
	NOLOAD: (_cursor, command) => (command.noLoad = true),
	// nested Parquet values already load as JSON text (for SUPER), which is what this asks for
	SERIALIZETOJSON: () => undefined,
	COMPUPDATE: skipSwitchArgument,
	STATUPDATE: skipSwitchArgument,
	COMPROWS: (cursor) => void cursor.expectInteger(),
	ENCODING: (cursor) => {
		cursor.skipWord('AS');
		const token = cursor.next();
		if (token?.kind !== 'word' && token?.kind !== 'string') throw syntaxErrorAt(token);
		const encoding = token.kind === 'string' ? token.value : token.text;
		if (!/^utf-?8$/i.test(encoding)) throw notSupported(`ENCODING ${encoding}`);
	},
	BZIP2: () => {
		throw notSupported('BZIP2');
	},
	LZOP: () => {
		throw notSupported('LZOP');
	},
	FIXEDWIDTH: () => {
		throw notSupported('FIXEDWIDTH');
	},
	ENCRYPTED: () => {
		throw notSupported('ENCRYPTED');
	},
};

/** The only options a columnar COPY takes (DG copy-usage_notes-copy-from-columnar.md). */
const PARQUET_OPTIONS = new Set([
	'IAM_ROLE',
	'CREDENTIALS',
	'ACCESS_KEY_ID',
	'SECRET_ACCESS_KEY',
	'SESSION_TOKEN',
	'MANIFEST',
	'FORMAT',
	'ACCEPTINVCHARS',
	'FILLRECORD',
	'STATUPDATE',
	'EXPLICIT_IDS',
	'SERIALIZETOJSON',
]);

/** Redshift rejects these combinations (DG copy-parameters-data-format.md, copy-parameters-data-conversion.md). */
function checkCombinations(command: CopyCommand): void {
	const { format } = command;
	const unsupported = command.givenOptions.find((option) => !PARQUET_OPTIONS.has(option));
	if (format.kind === 'parquet' && unsupported) {
		throw new RedshiftError(
			`${unsupported} argument is not supported for PARQUET based COPY`,
			'0A000',
		);
	}
	if (format.kind === 'csv' && (command.escape || command.removeQuotes)) {
		throw new RedshiftError(
			`CSV is not compatible with ${command.escape ? 'ESCAPE' : 'REMOVEQUOTES'}`,
			'42601',
		);
	}
	if (format.kind === 'json' && (command.delimiter !== undefined || command.ignoreHeader > 0)) {
		throw new RedshiftError(
			`JSON is not compatible with ${command.delimiter !== undefined ? 'DELIMITER' : 'IGNOREHEADER'}`,
			'42601',
		);
	}
	if (command.delimiter !== undefined && command.delimiter.length !== 1) {
		throw new RedshiftError('COPY delimiter must be a single one-byte character', '42601');
	}
	if (command.quote.length !== 1) {
		throw new RedshiftError('COPY quote must be a single one-byte character', '42601');
	}
}

/**
 * Recognises `COPY … FROM 's3://…'`. Anything else (PostgreSQL's COPY FROM STDIN / TO STDOUT,
 * COPY from a server file, other statements) gives undefined so that PostgreSQL runs it.
 */
export function parseCopyCommand(sql: string): CopyCommand | undefined {
	let tokens: Token[];
	try {
		tokens = tokenize(sql);
	} catch (error) {
		if (error instanceof SqlSyntaxError) return undefined;
		throw error;
	}
	const cursor = new TokenCursor(tokens);
	if (!cursor.skipWord('COPY')) return undefined;
	const target = parseTarget(cursor);
	if (!target || !cursor.skipWord('FROM')) return undefined;
	const source = cursor.peek();
	if (source?.kind !== 'string' || !source.value.toLowerCase().startsWith('s3://'))
		return undefined;
	cursor.next();

	const command = defaultCopyCommand(target.table, source.value);
	command.columns = target.columns;
	while (!cursor.atEnd()) {
		cursor.skipWord('WITH');
		const token = cursor.next();
		const parse = token?.kind === 'word' ? OPTIONS[token.value] : undefined;
		if (!parse || token?.kind !== 'word') throw syntaxErrorAt(token);
		command.givenOptions.push(token.value);
		parse(cursor, command);
	}
	checkCombinations(command);
	return command;
}
