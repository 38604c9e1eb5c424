import type { FrontSession } from './frontSession';
import { commandComplete, readyForQuery } from './protocol/backendMessages';
import { decodeQuery } from './protocol/frontendMessages';
import type { Frame } from './protocol/frameReader';
import { splitStatements } from './splitStatements';
import { transactionControl } from './transactionControl';

/**
 * A simple Query message. When no statement in it needs the engine it goes to PostgreSQL as the
 * client sent it. Otherwise its statements run one by one (each through the engine, or relayed
 * unchanged), with one ReadyForQuery at the end.
 */
export async function runSimpleQuery(front: FrontSession, frame: Frame): Promise<void> {
	const statements = splitStatements(decodeQuery(frame.body));
	if (!(await anyNeedsEngine(front, statements))) {
		front.channel.forward(frame.raw, 1);
		return;
	}
	await front.channel.acquire();
	try {
		await runStatements(front, statements);
	} finally {
		front.channel.release();
	}
	front.channel.sendToClient(readyForQuery(front.channel.status));
}

async function anyNeedsEngine(front: FrontSession, statements: string[]): Promise<boolean> {
	for (const statement of statements) if (await front.needsEngine(statement)) return true;
	return false;
}

/**
 * PostgreSQL and Redshift run several statements sent in one Query as one implicit transaction
 * unless they control transactions themselves; an explicit BEGIN the front issues stands in for it.
 */
async function runStatements(front: FrontSession, statements: string[]): Promise<void> {
	const { channel, session } = front;
	const several = statements.length > 1;
	let implicitBlock = false;
	for (const statement of statements) {
		front.dropIfArmed(statement);
		const control = transactionControl(statement);
		if (several && control === 'other' && channel.status === 'idle') {
			await session.query('BEGIN');
			implicitBlock = true;
		}
		if (implicitBlock && control === 'begin') {
			// BEGIN inside the implicit transaction turns it into the client's own block.
			implicitBlock = false;
			channel.sendToClient(commandComplete('BEGIN'));
			continue;
		}
		if (control === 'end') implicitBlock = false;
		if (!(await runStatement(front, statement))) {
			// An error ends the Query; an implicit transaction is rolled back, a client's block stays failed.
			if (implicitBlock) await session.query('ROLLBACK');
			return;
		}
		if (channel.status === 'idle') implicitBlock = false;
	}
	if (implicitBlock && channel.status === 'inTransaction') {
		try {
			await session.query('COMMIT');
		} catch (error) {
			await front.fail(error);
		}
	}
}

/** One statement: the engine's answer when a handler takes it, else PostgreSQL's answer unchanged. */
async function runStatement(front: FrontSession, written: string): Promise<boolean> {
	// Read with the identifier setting as it is now: an earlier statement of this Query may have changed it.
	const statement = front.engine.asRedshiftReads(written, front.session);
	try {
		const result = await front.engine.handle(statement, front.session);
		if (result) {
			front.writeResult(result);
			return true;
		}
	} catch (error) {
		await front.fail(error);
		return false;
	}
	return await front.forwardStatement(statement);
}
