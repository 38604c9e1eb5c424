/**
 * A parameter value the trigger cannot use. `message` says what is wrong; `fix` says what to change,
 * naming the parameter as the editor shows it (e.g. "*Options > Slot Name*").
 */
export class TriggerSettingsError extends Error {
	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
		this.name = 'TriggerSettingsError';
	}
}
