/** A statement could not be built from the given names or options; the message says which and why. */
export class SqlBuildError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SqlBuildError';
	}
}
