import type {
	RedshiftConnection,
	SqlResult,
	SqlStatement,
} from '../../../nodes/shared/redshift/connection/types';
import { readLoadErrors } from '../../../nodes/shared/loads/loadErrorDetail';

/** A stand-in for the connection interface (no pg, no S3): answers by the view a query reads. */
function connectionAnswering(
	answers: Record<string, () => SqlResult>,
): RedshiftConnection & { asked: SqlStatement[] } {
	const asked: SqlStatement[] = [];
	const query = async (statement: SqlStatement): Promise<SqlResult> => {
		asked.push(statement);
		const view = Object.keys(answers).find((name) => statement.text.includes(`FROM ${name}`));
		if (!view) throw new Error(`unexpected query ${statement.text}`);
		return answers[view]();
	};
	return {
		transport: 'wire',
		asked,
		query,
		transaction: async () => await Promise.reject(new Error('not used')),
		stream: () => {
			throw new Error('not used');
		},
		close: async () => undefined,
	};
}

const row = {
	query_id: 7,
	file_name: 's3://b/r/part-00001.csv.gz   ',
	line_number: '3',
	column_name: 'name   ',
	column_type: 'varchar',
	column_length: '5',
	raw_field_value: 'too long   ',
	error_code: 1204,
	error_message: 'String length exceeds DDL length',
};

describe('readLoadErrors', () => {
	it('reads stl_load_errors by the COPY query id and locates the item', async () => {
		const connection = connectionAnswering({
			stl_load_errors: () => ({ columns: [], rows: [row], rowCount: 1 }),
		});
		const details = await readLoadErrors(connection, '7', (file, line) =>
			file.endsWith('part-00001.csv.gz') ? 40 + line : undefined,
		);
		expect(details).toEqual([
			{
				queryId: '7',
				file: 's3://b/r/part-00001.csv.gz',
				line: 3,
				column: 'name',
				columnType: 'varchar',
				columnLength: '5',
				value: 'too long',
				code: 1204,
				reason: 'String length exceeds DDL length',
				itemIndex: 43,
			},
		]);
		expect(connection.asked[0].values).toEqual(['7']);
	});

	it('falls back to sys_load_error_detail where STL views are not readable (Serverless)', async () => {
		const connection = connectionAnswering({
			stl_load_errors: () => {
				throw new Error('permission denied for relation stl_load_errors');
			},
			sys_load_error_detail: () => ({
				columns: [],
				rows: [{ ...row, raw_field_value: null }],
				rowCount: 1,
			}),
		});
		const details = await readLoadErrors(connection, '7');
		expect(details).toHaveLength(1);
		expect(details[0]).toMatchObject({ column: 'name', code: 1204, value: null });
		expect(connection.asked.map((statement) => /FROM (\w+)/.exec(statement.text)?.[1])).toEqual([
			'stl_load_errors',
			'sys_load_error_detail',
		]);
	});

	it('gives an empty list rather than hiding the load error when neither view answers', async () => {
		const connection = connectionAnswering({});
		expect(await readLoadErrors(connection, '7')).toEqual([]);
	});
});
