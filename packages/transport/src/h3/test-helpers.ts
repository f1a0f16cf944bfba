/**
 * Test-only helpers shared by the h3 tests (not exported from the package): hex conversion,
 * chunk splitting and a seeded pseudo-random generator, so that "random" tests are reproducible.
 *
 * @module
 */

/** Bytes from a hex string (whitespace ignored). */
export function hex(text: string): Uint8Array {
	const clean = text.replace(/\s+/g, "");
	if (clean.length % 2 !== 0) throw new Error("odd hex length");
	return Uint8Array.from(clean.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}

/** Bytes as a lowercase hex string. */
export function toHex(bytes: Uint8Array): string {
	return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let pos = 0;
	for (const p of parts) {
		out.set(p, pos);
		pos += p.length;
	}
	return out;
}

/** A deterministic PRNG (mulberry32) returning integers in [0, n). */
export function seededRandom(seed: number): (n: number) => number {
	let state = seed >>> 0;
	return (n: number) => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
	};
}

/** Splits bytes into chunks at the given cut points (sorted, deduplicated, within range). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
	const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
	const out: Uint8Array[] = [];
	let prev = 0;
	for (const p of [...points, bytes.length]) {
		out.push(bytes.subarray(prev, p));
		prev = p;
	}
	return out;
}

/** Every way to split bytes into two chunks, and one chunk per byte. */
export function splits(bytes: Uint8Array): Uint8Array[][] {
	const out: Uint8Array[][] = [];
	for (let i = 0; i <= bytes.length; i++) out.push(splitAt(bytes, [i]));
	out.push(splitAt(bytes, [...bytes.keys()]));
	return out;
}
