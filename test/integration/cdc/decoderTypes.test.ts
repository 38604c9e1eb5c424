import { TransactionAssembler } from '../../../nodes/shared/cdc/envelope';
import type { RelationMessage } from '../../../nodes/shared/cdc/pgoutput';
import { formatType } from '../../../nodes/shared/cdc/schema';
import { ARRAY_ELEMENT_OIDS, SCALAR_TYPE_NAMES } from '../../../nodes/shared/cdc/values';
import { useCdcDatabase } from './support/cdcDatabase';
import { assemble, SqlSlot } from './decoderHelpers';

/** Type fidelity: what each Postgres type becomes in text mode (default) and native mode. */
describe('pgoutput values on a real server', () => {
	const db = useCdcDatabase('cdc_decoder_types', {
		setup: [
			"SET TimeZone = 'America/Sao_Paulo'",
			"SET DateStyle = 'ISO, MDY'",
			"SET lc_monetary = 'C'",
			"CREATE TYPE mood AS ENUM ('happy', 'it''s complicated')",
			`CREATE TABLE typed (
			id bigint PRIMARY KEY,
			small smallint, regular integer, big bigint, huge bigint,
			exact numeric(30,10), loose numeric,
			real_value real, double_value double precision, flag boolean,
			at_tz timestamptz, at_local timestamp(3), day date, forever timestamptz,
			raw bytea, doc json, docb jsonb,
			ints integer[], texts text[], grid integer[], stamps timestamptz[], flags boolean[],
			feeling mood, feelings mood[], uid uuid, span interval, nothing text, cash money,
			label varchar(12), code char(3)
		)`,
			'CREATE PUBLICATION types_pub FOR TABLE typed',
		],
	});
	let slot: SqlSlot;

	beforeAll(async () => {
		slot = new SqlSlot(db.client, 'types_pub');
		db.trackSlot(slot.name);
		await slot.create();
		await db.client.query(`INSERT INTO typed VALUES (
			9223372036854775807,
			-32768, 2147483647, 9007199254740991, 9007199254740993,
			'12345678901234567890.0123456789', 'NaN',
			'Infinity', -0.000001234, true,
			'2024-01-02 03:04:05.123456+00', '2024-02-29 23:59:59.999', '2024-02-29', 'infinity',
			'\\x00ff5c22', '{"b": 1, "a": [1, 2]}', '{"b": 1, "a": [1, 2.50]}',
			'{1,NULL,3}', ARRAY['a,b', 'say "hi"', NULL, 'NULL', '', 'back\\slash'], '{{1,2},{3,4}}',
			ARRAY['2024-01-02 03:04:05+00'::timestamptz], '{t,f,NULL}',
			'it''s complicated', ARRAY['happy', 'it''s complicated']::mood[],
			'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '1 year 2 mons 3 days 04:05:06.7', NULL, 12.34,
			'hello', 'ab'
		)`);
		await db.client.query(
			"INSERT INTO typed (id, raw, texts, ints) VALUES (1, '\\x', '{}', '[0:1]={7,8}')",
		);
	});

	it('keeps the Postgres text form by default', async () => {
		const [transaction] = assemble(await slot.changes());
		expect(transaction.events[0].after).toEqual({
			id: '9223372036854775807',
			small: '-32768',
			regular: '2147483647',
			big: '9007199254740991',
			huge: '9007199254740993',
			exact: '12345678901234567890.0123456789',
			loose: 'NaN',
			real_value: 'Infinity',
			double_value: '-1.234e-06',
			flag: 't',
			at_tz: '2024-01-02 00:04:05.123456-03',
			at_local: '2024-02-29 23:59:59.999',
			day: '2024-02-29',
			forever: 'infinity',
			raw: '\\x00ff5c22',
			doc: '{"b": 1, "a": [1, 2]}',
			docb: '{"a": [1, 2.50], "b": 1}',
			ints: '{1,NULL,3}',
			texts: '{"a,b","say \\"hi\\"",NULL,"NULL","","back\\\\slash"}',
			grid: '{{1,2},{3,4}}',
			stamps: '{"2024-01-02 00:04:05-03"}',
			flags: '{t,f,NULL}',
			feeling: "it's complicated",
			feelings: '{happy,"it\'s complicated"}',
			uid: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
			span: '1 year 2 mons 3 days 04:05:06.7',
			nothing: null,
			cash: '$12.34',
			label: 'hello',
			code: 'ab ',
		});
	});

	it('converts to native JS values on request', async () => {
		await db.client.query('DELETE FROM typed');
		await db.client
			.query(`INSERT INTO typed (id, small, big, huge, exact, real_value, double_value, flag, at_tz, at_local, day,
			forever, raw, doc, docb, ints, texts, grid, stamps, flags, feeling, feelings, nothing) VALUES (
			2, 7, 9007199254740991, 9007199254740993, '0.1000000000', '-Infinity', 'NaN', false,
			'2024-01-02 03:04:05.123456+00', '2024-02-29 23:59:59.999', '2024-02-29', '-infinity',
			'\\x00ff5c22', '{"b": 1, "a": [1, 2]}', '{"nested": {"k": [true, null]}}',
			'{1,NULL,3}', ARRAY['a,b', 'say "hi"', NULL, 'NULL', '', 'back\\slash'], '{{1,2},{3,4}}',
			ARRAY['2024-01-02 03:04:05+00'::timestamptz], '{t,f,NULL}',
			'happy', ARRAY['happy']::mood[], NULL)`);
		await db.client.query(
			"INSERT INTO typed (id, raw, texts, ints) VALUES (3, '\\x', '{}', '[0:1]={7,8}')",
		);
		const transactions = assemble(await slot.changes(), { valueMode: 'native' });
		const inserted = transactions.flatMap((t) => t.events).filter((event) => event.op === 'c');
		expect(inserted.map((event) => event.after)).toEqual([
			expect.objectContaining({ id: 2 }),
			expect.objectContaining({ id: 3 }),
		]);
		expect(inserted[0].after).toEqual({
			id: 2,
			small: 7,
			regular: null,
			big: 9007199254740991,
			huge: '9007199254740993',
			exact: '0.1000000000',
			loose: null,
			real_value: '-Infinity',
			double_value: 'NaN',
			flag: false,
			at_tz: '2024-01-02T03:04:05.123456Z',
			at_local: '2024-02-29T23:59:59.999',
			day: '2024-02-29',
			forever: '-infinity',
			raw: Buffer.from([0x00, 0xff, 0x5c, 0x22]).toString('base64'),
			// JSON keeps its exact text (big integers, -0, a JSON null apart from SQL NULL).
			doc: '{"b": 1, "a": [1, 2]}',
			docb: '{"nested": {"k": [true, null]}}',
			ints: [1, null, 3],
			texts: ['a,b', 'say "hi"', null, 'NULL', '', 'back\\slash'],
			grid: [
				[1, 2],
				[3, 4],
			],
			stamps: ['2024-01-02T03:04:05Z'],
			flags: [true, false, null],
			feeling: 'happy',
			// Arrays of user types have no known element type: they stay in text form.
			feelings: '{happy}',
			uid: null,
			span: null,
			nothing: null,
			cash: null,
			label: null,
			code: null,
		});
		// An array whose lower bound is not 1 keeps its text: a JS array would lose the bounds.
		expect(inserted[1].after).toMatchObject({ id: 3, raw: '', texts: [], ints: '[0:1]={7,8}' });
		// The delete carries the key only (default replica identity), converted too.
		const deletes = transactions.flatMap((t) => t.events).filter((event) => event.op === 'd');
		expect(deletes.map((event) => event.before)).toEqual([
			{ id: '9223372036854775807' },
			{ id: 1 },
		]);
	});

	it('formats every column type exactly as format_type() does, and knows built-in OIDs as pg_type does', async () => {
		await db.client.query('UPDATE typed SET small = small WHERE id = 2');
		const changes = await slot.changes();
		const assembler = new TransactionAssembler();
		assemble(changes, assembler);
		const relation = changes.find((change) => change.message.tag === 'relation')
			?.message as RelationMessage;
		const { rows } = await db.client.query<{ name: string; formatted: string }>(
			"SELECT attname AS name, format_type(atttypid, atttypmod) AS formatted FROM pg_attribute WHERE attrelid = 'typed'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
		);
		// User types (mood, its array _mood) are named by the Type messages the stream carried.
		expect(
			relation.columns.map((column) => ({
				name: column.name,
				formatted: formatType(column.typeOid, column.typeModifier, assembler.relations.typeName),
			})),
		).toEqual(rows);

		const scalars = await db.client.query<{ oid: number; typname: string }>(
			'SELECT oid::int AS oid, typname FROM pg_type WHERE oid = ANY($1::oid[]) ORDER BY oid',
			[[...SCALAR_TYPE_NAMES.keys()]],
		);
		expect(Object.fromEntries(scalars.rows.map((row) => [row.oid, row.typname]))).toEqual(
			Object.fromEntries([...SCALAR_TYPE_NAMES.entries()].sort(([a], [b]) => a - b)),
		);
		const arrays = await db.client.query<{ oid: number; elem: number }>(
			'SELECT oid::int AS oid, typelem::int AS elem FROM pg_type WHERE oid = ANY($1::oid[]) ORDER BY oid',
			[[...ARRAY_ELEMENT_OIDS.keys()]],
		);
		expect(Object.fromEntries(arrays.rows.map((row) => [row.oid, row.elem]))).toEqual(
			Object.fromEntries([...ARRAY_ELEMENT_OIDS.entries()].sort(([a], [b]) => a - b)),
		);
	});
});
