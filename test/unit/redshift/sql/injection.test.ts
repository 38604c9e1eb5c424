import {
	buildChangelogApply,
	buildComments,
	buildCopy,
	buildCreateStagingTable,
	buildCreateTable,
	buildDeclareCursor,
	buildDeduplicateStaging,
	buildSwapOverwrite,
	buildUnload,
	buildUpsertDeleteInsert,
	buildUpsertMerge,
} from '../../../../nodes/shared/redshift/sql';

const hostile = [
	'x"; DROP TABLE victims; --',
	"x'; DROP TABLE victims; --",
	'x" OR 1=1 --',
	'x\\"; DROP TABLE victims; --',
	'"',
	'x") ; DROP TABLE victims; (" ',
];

/** SQL with every quoted identifier and string literal removed: what is left is the statement's own grammar. */
function grammarOnly(sql: string): string {
	// One left-to-right scan, so a quote inside a literal never starts an identifier (and vice versa).
	return sql.replace(/"(?:[^"]|"")*"|'(?:[^'\\]|''|\\\\)*'/g, (token) =>
		token.startsWith('"') ? 'ID' : 'LIT',
	);
}

describe('hostile names and texts stay inside quotes in every builder', () => {
	it.each(hostile)('%s', (name) => {
		const table = { schema: name, name };
		const statements = [
			...buildCreateTable({
				table,
				columns: [{ name, type: 'int', comment: name }],
				distKey: name,
				sortKey: { style: 'COMPOUND', columns: [name] },
				comment: name,
			}),
			...buildComments({ table, columns: [{ name, type: 'int', comment: name }], comment: name }),
			buildCopy({
				table,
				columns: [name],
				from: `s3://bucket-1/${name.replace(/\\/g, '')}`,
				authorization: { iamRole: 'default' },
				format: { type: 'CSV', nullAs: name },
			}),
			buildUnload({
				query: `SELECT '${name.replace(/'/g, "''")}'`,
				to: 's3://bucket-1/out/',
				authorization: { iamRole: 'default' },
			}),
			buildCreateStagingTable({
				stage: `s${name}`,
				like: table,
				extraColumns: [{ name: `e${name}`, type: 'bigint' }],
			}),
			buildDeduplicateStaging({ stage: `s${name}`, keys: [name] }),
			...buildUpsertDeleteInsert({
				target: table,
				stage: `s${name}`,
				keys: [name],
				columns: [name],
			}),
			buildUpsertMerge({ target: table, stage: `s${name}`, keys: [name], columns: [name] }),
			...buildSwapOverwrite({ target: table, replacement: `n${name}`, retiredName: `o${name}` }),
			...buildChangelogApply({
				target: table,
				stage: `s${name}`,
				keys: [name],
				columns: [name],
				batchPosition: 1n,
				tombstones: true,
				now: new Date(),
				pruneBefore: new Date(),
			}).statements.map((query) => query.text),
			buildDeclareCursor(name, 'SELECT 1').text,
		];
		for (const statement of statements) {
			const grammar = grammarOnly(statement);
			expect(grammar).not.toMatch(/DROP TABLE victims|OR 1=1|;|--/i);
			expect(grammar).not.toMatch(/["']/);
		}
	});
});
