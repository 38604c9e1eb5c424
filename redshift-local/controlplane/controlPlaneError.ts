/** A control-plane failure with the error code and HTTP status the real service returns. */
export class ControlPlaneError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status = 400,
	) {
		super(message);
		this.name = code;
	}
}
