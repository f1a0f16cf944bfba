/**
 * Test helpers: namespaces from strings, and a manual clock.
 *
 * @module
 */

import type { TrackNamespace } from "@moqt/wire";

const encoder = new TextEncoder();

/** A namespace whose fields are the UTF-8 bytes of `fields`. */
export function ns(...fields: string[]): TrackNamespace {
	return fields.map((f) => encoder.encode(f));
}

/** The UTF-8 bytes of `s`. */
export function bytes(s: string): Uint8Array {
	return encoder.encode(s);
}

/** A clock the test moves by hand. */
export class ManualClock {
	time: number;
	constructor(time = 0) {
		this.time = time;
	}
	readonly now = (): number => this.time;
	advance(ms: number): void {
		this.time += ms;
	}
}

/** A small deterministic PRNG (mulberry32) in [0, 1), so randomized tests reproduce. */
export function prng(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
