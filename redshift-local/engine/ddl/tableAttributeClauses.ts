import { RedshiftError } from '../session';
import { closingParen, isWord, splitTopLevel, type Token } from '../sqlTokens';
import { syntaxErrorNear } from '../syntaxError';

export type DistStyle = 'AUTO' | 'EVEN' | 'KEY' | 'ALL';
export type SortkeyStyle = 'COMPOUND' | 'INTERLEAVED' | 'AUTO';

/** Table-level Redshift attributes (DG r_CREATE_TABLE_NEW.md, table_attributes and BACKUP). */
export interface TableAttributes {
	diststyle?: DistStyle;
	distkey?: string;
	sortkeyStyle?: SortkeyStyle;
	sortkeyColumns: string[];
	backup?: boolean;
	encodeAuto?: boolean;
}

export function columnName(token: Token): string {
	return token.kind === 'identifier' ? token.value : token.text.toLowerCase();
}

function namesInParens(tokens: Token[], open: number): { names: string[]; next: number } {
	if (tokens[open]?.text !== '(') {
		throw syntaxErrorNear(tokens[open]);
	}
	const close = closingParen(tokens, open);
	const names = splitTopLevel(tokens, open + 1, close).map(([from]) => columnName(tokens[from]));
	return { names, next: close + 1 };
}

/**
 * Reads one table attribute at index i: DISTSTYLE x, DISTKEY (c), [COMPOUND|INTERLEAVED] SORTKEY
 * (c, …), SORTKEY AUTO, ENCODE AUTO, BACKUP YES|NO. Returns the index after it, or undefined when
 * the token starts no attribute.
 */
export function parseTableAttribute(
	tokens: Token[],
	i: number,
	attributes: TableAttributes,
): number | undefined {
	const token = tokens[i];
	if (isWord(token, 'DISTSTYLE')) {
		const style = tokens[i + 1];
		if (!isWord(style, 'AUTO', 'EVEN', 'KEY', 'ALL')) {
			throw new RedshiftError(
				`syntax error at or near "${style?.text ?? 'end of input'}": DISTSTYLE is AUTO, EVEN, KEY or ALL`,
				'42601',
			);
		}
		attributes.diststyle = style.value as DistStyle;
		return i + 2;
	}
	if (isWord(token, 'DISTKEY')) {
		const { names, next } = namesInParens(tokens, i + 1);
		if (names.length !== 1) throw new RedshiftError('DISTKEY takes exactly one column', '42601');
		attributes.distkey = names[0];
		return next;
	}
	if (isWord(token, 'COMPOUND', 'INTERLEAVED') && isWord(tokens[i + 1], 'SORTKEY')) {
		const { names, next } = namesInParens(tokens, i + 2);
		attributes.sortkeyStyle = token.value as SortkeyStyle;
		attributes.sortkeyColumns = names;
		return next;
	}
	if (isWord(token, 'SORTKEY')) {
		if (isWord(tokens[i + 1], 'AUTO')) {
			attributes.sortkeyStyle = 'AUTO';
			return i + 2;
		}
		const { names, next } = namesInParens(tokens, i + 1);
		attributes.sortkeyStyle = 'COMPOUND';
		attributes.sortkeyColumns = names;
		return next;
	}
	if (isWord(token, 'ENCODE') && isWord(tokens[i + 1], 'AUTO')) {
		attributes.encodeAuto = true;
		return i + 2;
	}
	if (isWord(token, 'BACKUP') && isWord(tokens[i + 1], 'YES', 'NO')) {
		attributes.backup = tokens[i + 1].value === 'YES';
		return i + 2;
	}
	return undefined;
}
