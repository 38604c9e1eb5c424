import type { CopyCommand } from './copyCommand';
import { parseCsvRecords } from './records/csvRecords';
import { jsonLookup, parseJsonRecords } from './records/jsonRecords';
import type { JsonPathStep } from './records/jsonPaths';
import type { DelimitedOptions, ParsedRecord } from './records/sourceRecord';
import { parseTextRecords } from './records/textRecords';

/** Option strings compared with raw bytes must be byte strings too. */
const asBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

/**
 * Splits one decompressed file into records as the COPY's format says: Redshift's default
 * pipe-delimited text (NULL AS '\N'), CSV (delimiter ','), or JSON.
 */
export function parseRecords(
	content: Buffer,
	command: CopyCommand,
	columnNames: string[],
	jsonPaths?: JsonPathStep[][],
): ParsedRecord[] {
	const bytes = content.toString('latin1');
	const { format } = command;
	if (format.kind === 'json')
		return parseJsonRecords(bytes, jsonLookup(format, columnNames, jsonPaths));
	const options: DelimitedOptions = {
		delimiter: asBytes(command.delimiter ?? (format.kind === 'csv' ? ',' : '|')),
		quote: asBytes(command.quote),
		nullAs: asBytes(command.nullAs ?? '\\N'),
		escape: command.escape,
		removeQuotes: command.removeQuotes,
		ignoreHeader: command.ignoreHeader,
		ignoreBlankLines: command.ignoreBlankLines,
	};
	return format.kind === 'csv' ? parseCsvRecords(bytes, options) : parseTextRecords(bytes, options);
}
