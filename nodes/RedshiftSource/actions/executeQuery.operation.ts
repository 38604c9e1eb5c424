import type { INodeExecutionData } from 'n8n-workflow';

import { splitSqlStatements } from '../../common/helpers/splitSql';
import { SourceError } from '../helpers/errors';
import { readStatement, type SourceRun } from '../helpers/readStatement';
import { wrapQueryForCursor } from '../helpers/selectStatement';

/** The first word of a statement, after comments. */
function firstKeyword(statement: string): string {
	const code = statement.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '');
	return (/^[A-Za-z]+/.exec(code)?.[0] ?? code.slice(0, 1)).toUpperCase();
}

/** Execute Query: exactly one SELECT, its values bound as $1…$n. */
export async function execute(run: SourceRun): Promise<INodeExecutionData[]> {
	const read = run.settings.queryRead;
	if (!read) throw new Error('Execute Query without its settings; this is a bug in the node.');
	const statements = splitSqlStatements(read.sql);
	if (statements.length !== 1)
		throw new SourceError(
			statements.length === 0
				? 'The query has no statement (only comments or semicolons).'
				: `The query has ${statements.length} statements; Execute Query runs exactly one, so that its rows are the result.`,
			'Keep one SELECT in *Query*: combine reads with WITH or UNION, and run other statements in a node of their own.',
		);
	const keyword = firstKeyword(statements[0]);
	if (!['SELECT', 'WITH', '('].includes(keyword))
		throw new SourceError(
			`The query starts with ${keyword}; Execute Query reads rows and runs SELECT (or WITH … SELECT) only.`,
			'Write a SELECT in *Query*; to change data use the Redshift Sink or a node for SQL statements.',
		);
	const statement = { text: statements[0], values: read.values };
	return await readStatement(run, (bound) =>
		bound ? wrapQueryForCursor(statement, bound) : statement,
	);
}
