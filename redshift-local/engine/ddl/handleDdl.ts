import {
	RedshiftError,
	type BackendSession,
	type StatementHandler,
	type StatementResult,
} from '../session';
import { abortTransactionOnError } from './abortOnError';
import { alterTable, isAlterTable } from './alterTable';
import { atomically } from './atomically';
import { isCreateTable, planCreateTable, type CreateTablePlan } from './createTable';
import { dropTable, isDropTable } from './dropTable';
import { makeKeysInformational } from './informationalKeys';
import {
	enforceByteLengths,
	enforceFiniteValues,
	inheritedAttributes,
	recordAttributes,
	systemObjectsReady,
	tableOid,
} from './recordAttributes';
import { statementTokens, SqlSyntaxError, type Token } from '../sqlTokens';

/**
 * Redshift DDL over PostgreSQL (DG r_CREATE_TABLE_NEW.md, r_DROP_TABLE.md, r_ALTER_TABLE.md):
 * CREATE TABLE runs without the Redshift-only clauses, which are recorded in the system schema
 * and shown by pg_table_def and svv_table_info; VARCHAR/CHAR lengths are enforced in bytes.
 */
export const handleDdl: StatementHandler = async (sql, session) => {
	if (!/^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(create|drop|alter)\b/i.test(sql))
		return undefined;
	let tokens: Token[];
	try {
		tokens = statementTokens(sql);
	} catch (error) {
		if (error instanceof SqlSyntaxError) return undefined; // PostgreSQL reports it
		throw error;
	}
	// Decide from the text before touching the session: fronts probe handlers with a tripwire session.
	if (!isCreateTable(tokens) && !isDropTable(tokens) && !isAlterTable(tokens)) return undefined;
	return await abortTransactionOnError(session, () => ddl(sql, tokens, session));
};

async function ddl(
	sql: string,
	tokens: Token[],
	session: BackendSession,
): Promise<StatementResult | undefined> {
	if (isCreateTable(tokens)) {
		const plan = planCreateTable(sql);
		if (!(await systemObjectsReady(session)))
			return withTag(await session.query(plan.postgresSql), 'CREATE TABLE');
		return withTag(await createTable(plan, session), 'CREATE TABLE');
	}
	if (isDropTable(tokens)) {
		if (!(await systemObjectsReady(session))) return undefined;
		return withTag(await dropTable(sql, tokens, session), 'DROP TABLE');
	}
	if (isAlterTable(tokens)) {
		const result = await alterTable(sql, tokens, session);
		return result && withTag(result, 'ALTER TABLE');
	}
	return undefined;
}

/** node-postgres keeps only the first word of a command tag ('CREATE'); clients expect the whole tag. */
function withTag(result: StatementResult, tag: string): StatementResult {
	return result.commandTag === tag.split(' ')[0] ? { ...result, commandTag: tag } : result;
}

async function createTable(
	plan: CreateTablePlan,
	session: BackendSession,
): Promise<StatementResult> {
	return await atomically(session, async () => {
		const existed = plan.ifNotExists ? await tableOid(session, plan.table.text) : undefined;
		const result = await session.query(plan.postgresSql);
		if (existed) return result;
		const oid = await tableOid(session, plan.table.text);
		if (!oid)
			throw new RedshiftError(`relation "${plan.table.parts.join('.')}" was not created`, 'XX000');
		let { attributes, columns } = plan;
		if (plan.likeParent) {
			const parentOid = await tableOid(session, plan.likeParent);
			if (parentOid)
				({ attributes, columns } = inherit(plan, await inheritedAttributes(session, parentOid)));
		}
		await recordAttributes(session, oid, attributes, columns);
		await enforceByteLengths(session, oid);
		await enforceFiniteValues(session, oid);
		await makeKeysInformational(session, oid);
		return result;
	});
}

/** LIKE inherits the parent's dist style, keys, encodings and BACKUP unless the statement sets them. */
function inherit(
	plan: CreateTablePlan,
	parent: Awaited<ReturnType<typeof inheritedAttributes>>,
): Pick<CreateTablePlan, 'attributes' | 'columns'> {
	const own = plan.attributes;
	const ownDist = own.diststyle !== undefined || own.distkey !== undefined;
	const ownSort = own.sortkeyColumns.length > 0 || own.sortkeyStyle !== undefined;
	return {
		attributes: {
			diststyle: ownDist ? own.diststyle : parent.attributes.diststyle,
			distkey: ownDist ? own.distkey : parent.attributes.distkey,
			sortkeyStyle: ownSort ? own.sortkeyStyle : parent.attributes.sortkeyStyle,
			sortkeyColumns: ownSort ? own.sortkeyColumns : parent.attributes.sortkeyColumns,
			backup: own.backup ?? parent.attributes.backup,
			encodeAuto: own.encodeAuto ?? parent.attributes.encodeAuto,
		},
		columns: [...parent.columns, ...plan.columns],
	};
}
