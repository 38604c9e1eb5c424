import type { TransactionStatus } from '../../engine/session';
import { BufferReader } from './bufferReader';

/** Encoders for the server messages the front synthesises, and decoders for those it consumes. */

function message(code: string, body: Buffer = Buffer.alloc(0)): Buffer {
	const header = Buffer.alloc(5);
	header.write(code, 0, 'latin1');
	header.writeInt32BE(body.length + 4, 1);
	return Buffer.concat([header, body]);
}

function cstring(value: string): Buffer {
	return Buffer.concat([Buffer.from(value, 'utf8'), Buffer.from([0])]);
}

function int16(value: number): Buffer {
	const buffer = Buffer.alloc(2);
	buffer.writeInt16BE(value);
	return buffer;
}

function int32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeInt32BE(value);
	return buffer;
}

const STATUS_BYTE: Record<TransactionStatus, string> = {
	idle: 'I',
	inTransaction: 'T',
	failed: 'E',
};
const STATUS_BY_BYTE: Record<string, TransactionStatus> = {
	I: 'idle',
	T: 'inTransaction',
	E: 'failed',
};

export function readyForQuery(status: TransactionStatus): Buffer {
	return message('Z', Buffer.from(STATUS_BYTE[status], 'latin1'));
}

export function rowDescription(
	fields: ReadonlyArray<{ name: string; dataTypeID: number }>,
): Buffer {
	const parts = [int16(fields.length)];
	for (const field of fields) {
		// No source table or column; variable length, no type modifier, text format.
		parts.push(
			cstring(field.name),
			int32(0),
			int16(0),
			int32(field.dataTypeID),
			int16(-1),
			int32(-1),
			int16(0),
		);
	}
	return message('T', Buffer.concat(parts));
}

export function dataRow(values: ReadonlyArray<string | null>): Buffer {
	const parts = [int16(values.length)];
	for (const value of values) {
		if (value === null) {
			parts.push(int32(-1));
			continue;
		}
		const bytes = Buffer.from(value, 'utf8');
		parts.push(int32(bytes.length), bytes);
	}
	return message('D', Buffer.concat(parts));
}

export function commandComplete(tag: string): Buffer {
	return message('C', cstring(tag));
}

export function emptyQueryResponse(): Buffer {
	return message('I');
}

export const parseComplete = (): Buffer => message('1');
export const bindComplete = (): Buffer => message('2');
export const closeComplete = (): Buffer => message('3');
export const noData = (): Buffer => message('n');

export function parameterDescription(types: readonly number[]): Buffer {
	return message('t', Buffer.concat([int16(types.length), ...types.map(int32)]));
}

/** Field codes of ErrorResponse / NoticeResponse (protocol "Error and Notice Message Fields"). */
export interface NoticeFields {
	severity: string;
	code: string;
	message: string;
	detail?: string;
	hint?: string;
	where?: string;
	schema?: string;
	table?: string;
	column?: string;
	dataType?: string;
	constraint?: string;
}

const FIELD_CODES: Array<[keyof NoticeFields, string]> = [
	['severity', 'S'],
	['code', 'C'],
	['message', 'M'],
	['detail', 'D'],
	['hint', 'H'],
	['where', 'W'],
	['schema', 's'],
	['table', 't'],
	['column', 'c'],
	['dataType', 'd'],
	['constraint', 'n'],
];

function noticeBody(fields: NoticeFields): Buffer {
	const parts: Buffer[] = [Buffer.from('V', 'latin1'), cstring(fields.severity)];
	for (const [key, code] of FIELD_CODES) {
		const value = fields[key];
		if (value !== undefined && value !== '')
			parts.push(Buffer.from(code, 'latin1'), cstring(value));
	}
	parts.push(Buffer.from([0]));
	return Buffer.concat(parts);
}

export function errorResponse(fields: NoticeFields): Buffer {
	return message('E', noticeBody(fields));
}

export function noticeResponse(fields: NoticeFields): Buffer {
	return message('N', noticeBody(fields));
}

/** ErrorResponse / NoticeResponse body → field code → value. */
export function decodeNoticeFields(body: Buffer): Record<string, string> {
	const reader = new BufferReader(body);
	const fields: Record<string, string> = {};
	while (!reader.done()) {
		const code = reader.byte();
		if (code === '\0') break;
		fields[code] = reader.cstring();
	}
	return fields;
}

export function decodeReadyForQuery(body: Buffer): TransactionStatus {
	return STATUS_BY_BYTE[String.fromCharCode(body[0])] ?? 'idle';
}

export function decodeRowDescription(body: Buffer): Array<{ name: string; dataTypeID: number }> {
	const reader = new BufferReader(body);
	const count = reader.int16();
	const fields: Array<{ name: string; dataTypeID: number }> = [];
	for (let index = 0; index < count; index++) {
		const name = reader.cstring();
		reader.int32();
		reader.int16();
		const dataTypeID = reader.int32();
		reader.int16();
		reader.int32();
		reader.int16();
		fields.push({ name, dataTypeID });
	}
	return fields;
}

export function decodeDataRow(body: Buffer): Array<string | null> {
	const reader = new BufferReader(body);
	const count = reader.int16();
	const values: Array<string | null> = [];
	for (let index = 0; index < count; index++) {
		const length = reader.int32();
		values.push(length < 0 ? null : reader.bytes(length).toString('utf8'));
	}
	return values;
}

export function decodeCommandComplete(body: Buffer): string {
	return new BufferReader(body).cstring();
}
