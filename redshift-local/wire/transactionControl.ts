/** How a statement affects the transaction block around it. */
export type TransactionControl = 'begin' | 'end' | 'other';

/**
 * BEGIN / START TRANSACTION open a block; COMMIT, END, ROLLBACK and ABORT close it. Savepoint
 * rollbacks and two-phase commands do not.
 */
export function transactionControl(statement: string): TransactionControl {
	const words = statement.toUpperCase().split(/\s+/, 2);
	const [first, second = ''] = words;
	if (first === 'BEGIN' || (first === 'START' && second.startsWith('TRANSACTION'))) return 'begin';
	if (first === 'END' || first === 'ABORT') return 'end';
	if ((first === 'COMMIT' || first === 'ROLLBACK') && second !== 'PREPARED' && second !== 'TO')
		return 'end';
	return 'other';
}
