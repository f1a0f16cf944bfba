/**
 * A small, seeded byte mutator (the usual fuzzing moves: bit flips, interesting bytes and varint
 * prefixes, inserts, deletes, truncation, duplication and splicing of corpus inputs).
 */

/** xorshift32: fast and reproducible from its seed. */
export class Rng {
	private s: number;
	constructor(seed: number) {
		this.s = seed >>> 0 || 0x9e3779b9;
	}
	/** A 32-bit unsigned integer. */
	u32(): number {
		let x = this.s;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.s = x >>> 0;
		return this.s;
	}
	/** An integer in [0, n). */
	below(n: number): number {
		return n <= 0 ? 0 : this.u32() % n;
	}
	/** One element of a non-empty array. */
	pick<T>(a: readonly T[]): T {
		return a[this.below(a.length)]!;
	}
}

// Bytes that sit on varint and flag boundaries: QUIC and vi64 length prefixes, type flag edges.
const INTERESTING = [
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x0c, 0x10, 0x1f, 0x20, 0x2f, 0x30, 0x3f, 0x40, 0x7f, 0x80, 0x8c, 0xbf, 0xc0,
	0xdf, 0xe0, 0xef, 0xf0, 0xf7, 0xf8, 0xfb, 0xfc, 0xfd, 0xfe, 0xff,
];

/** Random bytes of length below `max`. */
export function randomBytes(rng: Rng, max: number): Uint8Array {
	const out = new Uint8Array(rng.below(max));
	for (let i = 0; i < out.length; i++) out[i] = rng.below(4) === 0 ? rng.pick(INTERESTING) : rng.below(256);
	return out;
}

/** A mutated copy of `input`: one to four moves; `pool` feeds splicing. */
export function mutate(rng: Rng, input: Uint8Array, pool: readonly Uint8Array[]): Uint8Array {
	let b = Array.from(input);
	const moves = 1 + rng.below(4);
	for (let m = 0; m < moves; m++) {
		const at = rng.below(b.length + 1);
		switch (rng.below(9)) {
			case 0: // flip a bit
				if (b.length > 0) b[at % b.length]! ^= 1 << rng.below(8);
				break;
			case 1: // an interesting byte
				if (b.length > 0) b[at % b.length] = rng.pick(INTERESTING);
				break;
			case 2: // a random byte
				if (b.length > 0) b[at % b.length] = rng.below(256);
				break;
			case 3: // insert bytes
				b.splice(at, 0, ...randomBytes(rng, 5));
				break;
			case 4: // delete bytes
				b.splice(at, 1 + rng.below(4));
				break;
			case 5: // truncate
				b = b.slice(0, at);
				break;
			case 6: {
				// duplicate a range
				const len = 1 + rng.below(16);
				b.splice(at, 0, ...b.slice(at, at + len));
				break;
			}
			case 7: {
				// splice in part of another input
				const other = rng.pick(pool);
				const from = rng.below(other.length + 1);
				b.splice(at, rng.below(8), ...other.subarray(from, from + 1 + rng.below(24)));
				break;
			}
			default: // a large varint: 8 or 9 bytes of 0xff
				b.splice(at, 0, ...new Array(8 + rng.below(2)).fill(0xff));
		}
	}
	return Uint8Array.from(b);
}

/** Cuts `input` into chunks at random points (sometimes byte by byte). */
export function split(rng: Rng, input: Uint8Array): Uint8Array[] {
	const out: Uint8Array[] = [];
	const bytewise = rng.below(16) === 0;
	let at = 0;
	while (at < input.length) {
		const n = bytewise ? 1 : 1 + rng.below(Math.max(1, input.length));
		out.push(input.subarray(at, at + n));
		at += n;
	}
	if (rng.below(8) === 0) out.splice(rng.below(out.length + 1), 0, new Uint8Array(0));
	return out;
}
