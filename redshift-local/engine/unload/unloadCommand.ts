import { RedshiftError } from '../session';
import { matchS3Url } from '../copy/s3Objects';
import { closingParen, isWord, statementTokens, SqlSyntaxError, type Token } from '../sqlTokens';

/**
 * The UNLOAD statement, parsed (DG r_UNLOAD.md):
 * UNLOAD ('select-statement') TO 's3://object-path/name-prefix' authorization [option ...]
 */
export type UnloadFormat = 'text' | 'csv' | 'parquet' | 'json';
export type UnloadCompression = 'none' | 'gzip' | 'zstd';

export interface UnloadCommand {
	/** The inner query, with doubled single quotes already undone. */
	query: string;
	bucket: string;
	/** Key prefix every object name starts with (`name-prefix` in the docs). */
	prefix: string;
	format: UnloadFormat;
	compression: UnloadCompression;
	manifest: 'none' | 'plain' | 'verbose';
	header: boolean;
	/** Field delimiter for text and CSV. */
	delimiter: string;
	addQuotes: boolean;
	/** String written for NULL; undefined means the default (empty field). */
	nullAs?: string;
	escape: boolean;
	overwrite: 'fail' | 'allow' | 'cleanpath';
	parallel: boolean;
	/** Maximum bytes per data file. */
	maxFileSize: number;
	region?: string;
	extension?: string;
	/** How the statement authorised itself; recorded, never printed with its secret. */
	authorization: 'iam_role' | 'credentials' | 'access_keys';
}

const MB = 1024 * 1024;
/** "Specify a decimal value between 5 MB and 6.2 GB" (DG r_UNLOAD.md, MAXFILESIZE). */
export const MIN_FILE_SIZE = 5 * MB;
export const MAX_FILE_SIZE = Math.floor(6.2 * 1024 * MB);

/** True when the statement is an UNLOAD (the handler's cheap first test). */
export function isUnload(sql: string): boolean {
	return /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*unload\b/i.test(sql);
}

class OptionReader {
	private i: number;

	constructor(
		private readonly tokens: Token[],
		start: number,
	) {
		this.i = start;
	}

	done(): boolean {
		return this.i >= this.tokens.length;
	}

	peek(offset = 0): Token | undefined {
		return this.tokens[this.i + offset];
	}

	next(): Token {
		const token = this.tokens[this.i++];
		if (!token) throw syntaxError(undefined);
		return token;
	}

	acceptWord(...words: string[]): string | undefined {
		const token = this.peek();
		if (isWord(token, ...words)) {
			this.i++;
			return token!.value;
		}
		return undefined;
	}

	expectString(option: string): string {
		this.acceptWord('AS');
		const token = this.next();
		if (token.kind !== 'string') {
			throw new RedshiftError(
				`syntax error at or near "${token.text}": ${option} needs a quoted string`,
				'42601',
			);
		}
		return token.value;
	}
}

function syntaxError(token: Token | undefined): RedshiftError {
	// A quoted string out of place may be a credential: never echo it.
	const near = token === undefined ? 'end of input' : token.kind === 'string' ? "'…'" : token.text;
	return new RedshiftError(`syntax error at or near "${near}"`, '42601');
}

function invalid(message: string): RedshiftError {
	return new RedshiftError(message, '0A000');
}

export function parseUnload(sql: string): UnloadCommand {
	let tokens: Token[];
	try {
		tokens = statementTokens(sql, { backslashEscapes: true });
	} catch (error) {
		if (error instanceof SqlSyntaxError) throw new RedshiftError(error.message, '42601');
		throw error;
	}
	if (!isWord(tokens[0], 'UNLOAD')) throw syntaxError(tokens[0]);
	if (tokens[1]?.text !== '(') throw syntaxError(tokens[1]);
	const close = closingParen(tokens, 1);
	if (close !== 3 || tokens[2].kind !== 'string') {
		throw new RedshiftError(
			`syntax error at or near "${tokens[2]?.text ?? ''}": UNLOAD takes the query as one quoted string, e.g. UNLOAD ('select * from t where c = ''x''')`,
			'42601',
		);
	}
	const query = tokens[2].value;
	if (!isWord(tokens[4], 'TO')) throw syntaxError(tokens[4]);
	const target = tokens[5];
	if (target?.kind !== 'string') throw syntaxError(target);
	const { bucket, prefix } = parseS3Url(target.value);

	const command: UnloadCommand = {
		query,
		bucket,
		prefix,
		format: 'text',
		compression: 'none',
		manifest: 'none',
		header: false,
		delimiter: '|',
		addQuotes: false,
		escape: false,
		overwrite: 'fail',
		parallel: true,
		maxFileSize: MAX_FILE_SIZE,
		authorization: 'iam_role',
	};
	const seen = new Set<string>();
	let delimiterGiven = false;
	let authorised = false;
	let allowOverwrite = false;
	let cleanPath = false;
	const reader = new OptionReader(tokens, 6);
	while (!reader.done()) {
		const token = reader.next();
		if (token.kind !== 'word') throw syntaxError(token);
		const option = token.value;
		seen.add(option);
		switch (option) {
			case 'IAM_ROLE': {
				if (!reader.acceptWord('DEFAULT')) reader.expectString('IAM_ROLE');
				authorised = true;
				command.authorization = 'iam_role';
				break;
			}
			case 'CREDENTIALS':
				reader.expectString('CREDENTIALS');
				authorised = true;
				command.authorization = 'credentials';
				break;
			case 'ACCESS_KEY_ID':
			case 'SECRET_ACCESS_KEY':
			case 'SESSION_TOKEN':
				reader.expectString(option);
				command.authorization = 'access_keys';
				authorised = authorised || (seen.has('ACCESS_KEY_ID') && seen.has('SECRET_ACCESS_KEY'));
				break;
			case 'FORMAT':
				reader.acceptWord('AS');
				command.format = readFormat(reader.next());
				break;
			case 'CSV':
			case 'PARQUET':
			case 'JSON':
				command.format = readFormat(token);
				break;
			case 'MANIFEST':
				command.manifest = reader.acceptWord('VERBOSE') ? 'verbose' : 'plain';
				break;
			case 'HEADER':
				command.header = true;
				break;
			case 'DELIMITER':
				command.delimiter = reader.expectString('DELIMITER');
				delimiterGiven = true;
				if (command.delimiter.length !== 1) {
					throw invalid(`DELIMITER must be a single ASCII character, got '${command.delimiter}'`);
				}
				break;
			case 'ADDQUOTES':
				command.addQuotes = true;
				break;
			case 'NULL':
				command.nullAs = reader.expectString('NULL AS');
				break;
			case 'ESCAPE':
				command.escape = true;
				break;
			case 'GZIP':
				command.compression = 'gzip';
				break;
			case 'ZSTD':
				command.compression = 'zstd';
				break;
			case 'ALLOWOVERWRITE':
				allowOverwrite = true;
				break;
			case 'CLEANPATH':
				cleanPath = true;
				break;
			case 'PARALLEL': {
				const value = reader.acceptWord('ON', 'TRUE', 'OFF', 'FALSE');
				command.parallel = value === undefined || value === 'ON' || value === 'TRUE';
				break;
			}
			case 'MAXFILESIZE':
				command.maxFileSize = readSize(reader, 'MAXFILESIZE');
				if (command.maxFileSize < MIN_FILE_SIZE || command.maxFileSize > MAX_FILE_SIZE) {
					throw invalid('MAXFILESIZE must be between 5 MB and 6.2 GB');
				}
				break;
			case 'ROWGROUPSIZE': {
				const size = readSize(reader, 'ROWGROUPSIZE');
				if (size < 32 * MB || size > 128 * MB)
					throw invalid('ROWGROUPSIZE must be between 32 MB and 128 MB');
				break;
			}
			case 'REGION':
				command.region = reader.expectString('REGION');
				break;
			case 'EXTENSION':
				command.extension = reader.expectString('EXTENSION').replace(/^\./, '');
				break;
			case 'BZIP2':
			case 'FIXEDWIDTH':
			case 'ENCRYPTED':
			case 'KMS_KEY_ID':
			case 'MASTER_SYMMETRIC_KEY':
			case 'PARTITION':
				throw invalid(
					`${option} is not emulated by the local Redshift; see the list of emulated UNLOAD options on its documentation page`,
				);
			default:
				throw syntaxError(token);
		}
	}
	if (!authorised) {
		throw new RedshiftError(
			'UNLOAD needs authorization: specify IAM_ROLE, CREDENTIALS, or ACCESS_KEY_ID and SECRET_ACCESS_KEY',
			'42601',
		);
	}
	if (allowOverwrite && cleanPath) throw invalid('CLEANPATH cannot be used with ALLOWOVERWRITE');
	command.overwrite = cleanPath ? 'cleanpath' : allowOverwrite ? 'allow' : 'fail';
	if (command.format === 'csv' && !delimiterGiven) command.delimiter = ',';
	checkCombinations(command, seen);
	checkNoOuterLimit(query);
	return command;
}

function readFormat(token: Token): UnloadFormat {
	if (isWord(token, 'CSV')) return 'csv';
	if (isWord(token, 'PARQUET')) return 'parquet';
	if (isWord(token, 'JSON')) return 'json';
	throw syntaxError(token);
}

function readSize(reader: OptionReader, option: string): number {
	reader.acceptWord('AS');
	const amount = reader.next();
	if (amount.kind !== 'number') throw invalid(`${option} needs a number, e.g. ${option} 100 MB`);
	const unit = reader.acceptWord('MB', 'GB') ?? 'MB';
	return Math.floor(Number(amount.value) * (unit === 'GB' ? 1024 * MB : MB));
}

/** "You can't use PARQUET with DELIMITER, FIXEDWIDTH, ADDQUOTES, ESCAPE, NULL AS, HEADER, GZIP, BZIP2, or ZSTD." */
function checkCombinations(command: UnloadCommand, seen: Set<string>): void {
	const forbidden: Record<string, string[]> = {
		parquet: ['DELIMITER', 'ADDQUOTES', 'ESCAPE', 'NULL', 'HEADER', 'GZIP', 'ZSTD'],
		json: ['DELIMITER', 'HEADER', 'ADDQUOTES', 'ESCAPE', 'NULL'],
	};
	for (const option of forbidden[command.format] ?? []) {
		if (seen.has(option)) {
			const name = option === 'NULL' ? 'NULL AS' : option;
			throw invalid(`${command.format.toUpperCase()} format can't be used with ${name}`);
		}
	}
}

/** "The SELECT query can't use a LIMIT clause in the outer SELECT" (DG r_UNLOAD.md, usage notes). */
function checkNoOuterLimit(query: string): void {
	let tokens: Token[];
	try {
		tokens = statementTokens(query);
	} catch {
		return; // PostgreSQL reports the query's own syntax errors when it runs
	}
	let depth = 0;
	for (const token of tokens) {
		if (token.text === '(') depth++;
		else if (token.text === ')') depth--;
		else if (depth === 0 && isWord(token, 'LIMIT')) {
			throw invalid(`Limit clause is not supported: ${query}`);
		}
	}
}

export function parseS3Url(url: string): { bucket: string; prefix: string } {
	const location = matchS3Url(url.trim());
	if (!location) {
		throw new RedshiftError(`Invalid S3 path '${url}': expected s3://bucket/name-prefix`, '22023');
	}
	return { bucket: location.bucket, prefix: location.key };
}
