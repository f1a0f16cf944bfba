/**
 * JSON form of messages in golden vectors: a bigint is `{"$bigint": "123"}`, a byte array is
 * `{"$bytes": "0a0b"}` (hex). Everything else is plain JSON.
 */

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Turns a vector's JSON value into the codec's value. */
export function fromVectorJson(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(fromVectorJson);
	if (v !== null && typeof v === "object") {
		const o = v as Record<string, unknown>;
		if (typeof o.$bigint === "string") return BigInt(o.$bigint);
		if (typeof o.$bytes === "string") return hexToBytes(o.$bytes);
		return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromVectorJson(x)]));
	}
	return v;
}

/** Turns a codec value into a vector's JSON value. */
export function toVectorJson(v: unknown): unknown {
	if (typeof v === "bigint") return { $bigint: v.toString() };
	if (v instanceof Uint8Array) return { $bytes: toHex(v) };
	if (Array.isArray(v)) return v.map(toVectorJson);
	if (v !== null && typeof v === "object") {
		return Object.fromEntries(
			Object.entries(v as Record<string, unknown>)
				.filter(([, x]) => x !== undefined)
				.map(([k, x]) => [k, toVectorJson(x)]),
		);
	}
	return v;
}

/** Parses hex, ignoring whitespace. */
export function hexToBytes(hex: string): Uint8Array {
	const clean = hex.replace(/\s+/g, "");
	if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new Error(`bad hex: ${hex}`);
	return Uint8Array.from(clean.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}

export { toHex };
