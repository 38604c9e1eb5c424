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

/** A column type that is not one staging and Redshift support, or out of its limits; the message says which. */
export class ColumnTypeError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ColumnTypeError';
	}
}
