/** Replaces every given secret in the text; a last guard before anything reaches the user or a log. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
	let result = text;
	for (const secret of secrets) {
		if (secret) result = result.split(secret).join('***');
	}
	return result;
}
