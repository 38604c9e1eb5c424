/** A float32 as the shortest decimal that reads back to the same float32 (as PostgreSQL prints REAL). */
export function shortestFloat32(value: number): number {
	const single = Math.fround(value);
	if (single === 0 || !Number.isFinite(single)) return single;
	for (let digits = 1; digits <= 9; digits++) {
		const candidate = Number(single.toPrecision(digits));
		if (Math.fround(candidate) === single) return candidate;
	}
	return single;
}

/** '-001.2300' → '-1.23', '0.000' → '0'; undefined when the text is not a plain decimal. */
export function canonicalDecimal(text: string): string | undefined {
	const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
	if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
	const [, sign, whole, fraction = '', exponentText] = match;
	let digits = whole + fraction;
	let point = whole.length + Number(exponentText ?? 0);
	// Move the decimal point by the exponent, padding with zeros where it leaves the digits.
	if (point < 0) {
		digits = '0'.repeat(-point) + digits;
		point = 0;
	}
	if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
	const integer = digits.slice(0, point).replace(/^0+/, '') || '0';
	const decimals = digits.slice(point).replace(/0+$/, '');
	const body = decimals ? `${integer}.${decimals}` : integer;
	return body === '0' || sign !== '-' ? body : `-${body}`;
}

/**
 * The JS number for a decimal text when converting it back gives the same decimal (1.50 → 1.5,
 * 0.1 → 0.1); undefined when a number would change it (more than ~15–17 significant digits).
 */
export function exactNumber(text: string): number | undefined {
	const wanted = canonicalDecimal(text);
	if (wanted === undefined) return undefined;
	const number = Number(text.trim());
	if (!Number.isFinite(number)) return undefined;
	return canonicalDecimal(String(number)) === wanted ? number : undefined;
}

/** An unscaled integer and its scale as PostgreSQL prints a NUMERIC: exactly `scale` decimals. */
export function scaledDecimal(unscaled: bigint, scale: number): string {
	const negative = unscaled < 0n;
	const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
	const body = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
	return negative ? `-${body}` : body;
}
