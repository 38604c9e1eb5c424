/** What converting one field for one column gives. */
export type Conversion =
	/** The value in PostgreSQL text input form, or null for NULL. */
	| { kind: 'value'; text: string | null }
	/** A load error as stl_load_errors records it. */
	| { kind: 'error'; code: number; reason: string; position?: number }
	/** Valid only if PostgreSQL's own input function accepts it (DATEFORMAT 'auto', types without a JS check). */
	| {
			kind: 'cast';
			text: string;
			castType: string;
			code: number;
			reason: string;
			nullOnFailure?: boolean;
	  };

export const value = (text: string | null): Conversion => ({ kind: 'value', text });

export const loadError = (code: number, reason: string, position?: number): Conversion => ({
	kind: 'error',
	code,
	reason,
	position,
});

/** Values quoted inside err_reason are cut so the reason fits its char(100) column. */
export function shortValue(text: string): string {
	return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
