/** A value sent as a $n parameter; bigints and big decimals travel as strings. */
export type SqlValue = string | number | boolean | null;

/** SQL text with $1…$n placeholders and their values, in order. */
export interface ParameterizedQuery {
	text: string;
	values: SqlValue[];
}
