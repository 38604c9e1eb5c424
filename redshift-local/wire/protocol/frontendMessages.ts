import { BufferReader } from './bufferReader';

/** Decoders for the client messages the front looks into; everything else passes through as bytes. */

export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;

export interface StartupParameters {
	[name: string]: string;
}

/** The request code of a startup-phase packet (protocol version, SSL, GSS or cancel request). */
export function startupRequestCode(packet: Buffer): number {
	return packet.readInt32BE(4);
}

export function decodeStartupParameters(packet: Buffer): StartupParameters {
	const reader = new BufferReader(packet.subarray(8));
	const parameters: StartupParameters = {};
	while (!reader.done()) {
		const name = reader.cstring();
		if (name === '') break;
		parameters[name] = reader.cstring();
	}
	return parameters;
}

export function decodeQuery(body: Buffer): string {
	return new BufferReader(body).cstring();
}

export interface ParseMessage {
	statement: string;
	sql: string;
	parameterTypes: number[];
}

export function decodeParse(body: Buffer): ParseMessage {
	const reader = new BufferReader(body);
	const statement = reader.cstring();
	const sql = reader.cstring();
	const count = reader.int16();
	const parameterTypes: number[] = [];
	for (let index = 0; index < count; index++) parameterTypes.push(reader.int32());
	return { statement, sql, parameterTypes };
}

/** A bound parameter: text as a string, binary as bytes (both handed on as the client sent them). */
export type BoundValue = string | Buffer | null;

export interface BindMessage {
	portal: string;
	statement: string;
	values: BoundValue[];
}

export function decodeBind(body: Buffer): BindMessage {
	const reader = new BufferReader(body);
	const portal = reader.cstring();
	const statement = reader.cstring();
	const formatCount = reader.int16();
	const formats: number[] = [];
	for (let index = 0; index < formatCount; index++) formats.push(reader.int16());
	const valueCount = reader.int16();
	const values: BoundValue[] = [];
	for (let index = 0; index < valueCount; index++) {
		const length = reader.int32();
		if (length < 0) {
			values.push(null);
			continue;
		}
		const bytes = reader.bytes(length);
		const format = formatCount === 1 ? formats[0] : (formats[index] ?? 0);
		values.push(format === 1 ? Buffer.from(bytes) : bytes.toString('utf8'));
	}
	return { portal, statement, values };
}

export interface TargetMessage {
	/** 'S' for a prepared statement, 'P' for a portal. */
	kind: string;
	name: string;
}

/** Describe and Close share one layout. */
export function decodeTarget(body: Buffer): TargetMessage {
	const reader = new BufferReader(body);
	return { kind: reader.byte(), name: reader.cstring() };
}

export function decodeExecute(body: Buffer): { portal: string } {
	return { portal: new BufferReader(body).cstring() };
}
