/** A value that cannot be staged faithfully; says which item and column, and what to do. */
export class StagingError extends Error {
	constructor(
		message: string,
		readonly itemIndex?: number,
		readonly column?: string,
	) {
		super(message);
		this.name = 'StagingError';
	}
}
