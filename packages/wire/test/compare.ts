/**
 * Fast, strict comparison of decoded control messages for the property tests. Vitest compares
 * typed arrays element by element, which made `toStrictEqual` on kilobyte namespaces and track
 * names the bulk of the suite's run time; here every `Uint8Array` becomes a tagged hex string
 * first, and the rest is compared by `toStrictEqual` as it is (keys present as undefined,
 * prototypes and bigint / number types all still count).
 */

import { expect } from "vitest";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lower-case hex of bytes. */
export function hex(bytes: Uint8Array): string {
	let s = "";
	for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
	return s;
}

/**
 * The value with each plain `Uint8Array` replaced by `{ $bytes: hex }`. Anything that is not a
 * plain object, array or exact `Uint8Array` (a Buffer, a class instance) is left as it is, so it
 * still differs from the expected plain value.
 */
export function canonical(v: unknown): unknown {
	if (v instanceof Uint8Array) return Object.getPrototypeOf(v) === Uint8Array.prototype ? { $bytes: hex(v) } : v;
	if (Array.isArray(v)) return v.map(canonical);
	if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
		const out: Record<string, unknown> = {};
		for (const key of Object.keys(v)) out[key] = canonical((v as Record<string, unknown>)[key]);
		return out;
	}
	return v;
}

/** Asserts that two messages (or message parts) are strictly equal. */
export function expectSame(got: unknown, expected: unknown, label?: string): void {
	expect(canonical(got), label).toStrictEqual(canonical(expected));
}
