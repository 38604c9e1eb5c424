import { parseCsvRecords } from '../../../redshift-local/engine/copy/records/csvRecords';
import {
	compileJsonPath,
	compileJsonPathsFile,
} from '../../../redshift-local/engine/copy/records/jsonPaths';
import { parseJsonRecords } from '../../../redshift-local/engine/copy/records/jsonRecords';
import type {
	DelimitedOptions,
	ParsedRecord,
} from '../../../redshift-local/engine/copy/records/sourceRecord';
import { parseTextRecords } from '../../../redshift-local/engine/copy/records/textRecords';

const TEXT: DelimitedOptions = {
	delimiter: '|',
	quote: '"',
	nullAs: '\\N',
	escape: false,
	removeQuotes: false,
	ignoreHeader: 0,
	ignoreBlankLines: false,
};

function fieldsOf(records: ParsedRecord[]): Array<Array<string | null> | string> {
	return records.map((record) =>
		record.kind === 'record' ? record.fields.map((field) => field.bytes) : `problem ${record.code}`,
	);
}

describe('text records', () => {
	it('splits on the delimiter and LF, with \\N as NULL and line numbers', () => {
		const records = parseTextRecords('1|a\\b|\\N\n2||x\n', TEXT);
		expect(fieldsOf(records)).toEqual([
			['1', 'a\\b', null],
			['2', '', 'x'],
		]);
		expect(records.map((record) => record.lineNumber)).toEqual([1, 2]);
	});

	it('with ESCAPE takes escaped delimiters and newlines literally', () => {
		const records = parseTextRecords('1|a\\|b\\\nc\n2|z\n', { ...TEXT, escape: true });
		expect(fieldsOf(records)).toEqual([
			['1', 'a|b\nc'],
			['2', 'z'],
		]);
		expect(records.map((record) => record.lineNumber)).toEqual([1, 3]);
	});

	it('skips header lines and, when asked, blank lines', () => {
		const records = parseTextRecords('h1|h2\n\n1|2\n', {
			...TEXT,
			ignoreHeader: 1,
			ignoreBlankLines: true,
		});
		expect(fieldsOf(records)).toEqual([['1', '2']]);
		expect(records[0].lineNumber).toBe(3);
	});
});

describe('CSV records', () => {
	it('keeps quoted delimiters and newlines and tells quoted empty from empty', () => {
		const records = parseCsvRecords('id,name\n1,"a,b"\n2,"x\ny"\n3,\n4,""\n', {
			...TEXT,
			delimiter: ',',
			ignoreHeader: 1,
		});
		expect(fieldsOf(records)).toEqual([
			['1', 'a,b'],
			['2', 'x\ny'],
			['3', ''],
			['4', ''],
		]);
		expect(records.map((record) => record.lineNumber)).toEqual([2, 3, 5, 6]);
		const quoted = records.map((record) =>
			record.kind === 'record' ? record.fields[1].quoted : undefined,
		);
		expect(quoted).toEqual([true, true, false, true]);
	});

	it('turns a malformed record into a problem and keeps the others', () => {
		const unterminated = parseCsvRecords('1,ok\n2,"never closed\n3,x\n', {
			...TEXT,
			delimiter: ',',
		});
		expect(fieldsOf(unterminated)).toEqual([['1', 'ok'], 'problem 1216']);
		const records = parseCsvRecords('1,ok\n2,"bad"x\n3,fine\n', { ...TEXT, delimiter: ',' });
		// the malformed record is skipped to the end of its line; parsing goes on from there
		expect(fieldsOf(records)).toEqual([['1', 'ok'], 'problem 1216', ['3', 'fine']]);
		expect(records[1].lineNumber).toBe(2);
	});
});

describe('JSON records', () => {
	const content = Buffer.from(
		'{"id": 9007199254740993, "Name": "Zoë", "tags": ["a"]}\n{\n  "id": 2,\n  "name": null\n}\n',
	).toString('latin1');

	it("matches keys to columns for 'auto' and 'auto ignorecase', keeping number text", () => {
		const exact = parseJsonRecords(content, { mode: 'auto', columns: ['id', 'name', 'tags'] });
		expect(fieldsOf(exact)).toEqual([
			['9007199254740993', null, '["a"]'],
			['2', null, null],
		]);
		expect(exact.map((record) => record.lineNumber)).toEqual([1, 5]);
		const ignoringCase = parseJsonRecords(content, {
			mode: 'auto ignorecase',
			columns: ['id', 'name'],
		});
		expect(fieldsOf(ignoringCase)[0]).toEqual([
			'9007199254740993',
			Buffer.from('Zoë').toString('latin1'),
		]);
	});

	it('follows JSONPaths and reports syntax errors as a problem', () => {
		const paths = compileJsonPathsFile('{"jsonpaths": ["$.id", "$[\'tags\'][0]"]}', 2);
		expect(fieldsOf(parseJsonRecords(content, { mode: 'jsonpaths', paths }))[0]).toEqual([
			'9007199254740993',
			'a',
		]);
		expect(
			fieldsOf(parseJsonRecords('{"id": 1}\n{"id": }', { mode: 'auto', columns: ['id'] })),
		).toEqual([['1'], 'problem 1216']);
		expect(compileJsonPath('$.a["b"][2]')).toEqual([
			{ kind: 'member', name: 'a' },
			{ kind: 'member', name: 'b' },
			{ kind: 'index', index: 2 },
		]);
		expect(() => compileJsonPathsFile('{"jsonpaths": ["$.id"]}', 2)).toThrow(
			'Number of jsonpaths and the number of columns should match. JSONPath size: 1, Number of columns in table or column list: 2',
		);
	});
});
