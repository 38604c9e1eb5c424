/** PostgreSQL type modifiers (pg_attribute.atttypmod) decoded; -1 means none was declared. */

/** Precision and scale of numeric(p,s); undefined for an unconstrained numeric. */
export function numericShape(typmod: number): { precision: number; scale: number } | undefined {
	if (typmod < 4) return undefined;
	const packed = typmod - 4;
	return { precision: (packed >> 16) & 0xffff, scale: packed & 0xffff };
}

/** Declared length of varchar(n)/char(n); undefined when unbounded. */
export function characterLength(typmod: number): number | undefined {
	return typmod >= 4 ? typmod - 4 : undefined;
}
