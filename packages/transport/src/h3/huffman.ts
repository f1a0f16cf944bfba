/**
 * The HPACK/QPACK Huffman code: RFC 7541 Appendix B (used by QPACK through RFC 9204 §4.1.2),
 * with the decoding rules of RFC 7541 §5.2: the EOS symbol must not appear, and the final
 * padding must be fewer than 8 bits, all ones (the most significant bits of EOS).
 *
 * The code is canonical: within one code length, codes are consecutive in symbol order, and
 * each length starts where the previous one left off, shifted. So the table below lists only
 * the code lengths of symbols 0..255 and EOS (256), and the codes are derived from them. The
 * derivation is checked at load time: the lengths must fill the code space exactly.
 *
 * @module
 */

// Code lengths in bits, symbol 0..255 then EOS, sixteen to a row (RFC 7541 Appendix B).
// biome-ignore format: sixteen lengths to a row, as in the RFC's table
const LENGTHS: readonly number[] = [
	13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
	28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
	6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
	5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
	13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
	15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
	6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
	20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
	24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
	22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
	21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
	26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
	19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
	20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
	26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
	30,
];

/** The EOS symbol (RFC 7541 Appendix B, symbol 256). */
const EOS = 256;
const MAX_BITS = 30;

/** Codes of symbols 0..256, derived canonically from {@link LENGTHS}. */
const CODES: readonly number[] = deriveCodes();

/**
 * The decoding tree as a flat array: node n has children at TREE[2n] (bit 0) and TREE[2n+1]
 * (bit 1). A child value ≥ 0 is the next node; a negative value -1-s is the leaf of symbol s.
 */
const TREE: Int32Array = buildTree();

function deriveCodes(): number[] {
	const order = LENGTHS.map((len, sym) => [len, sym] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	const codes = new Array<number>(LENGTHS.length).fill(0);
	let code = 0;
	let prevLen = order[0]![0];
	for (const [len, sym] of order) {
		code *= 2 ** (len - prevLen);
		prevLen = len;
		codes[sym] = code;
		code++;
	}
	// A complete prefix code fills the space exactly: the next code after the last (all ones,
	// EOS) would be 2^30. Anything else means a mistyped length.
	if (code !== 2 ** MAX_BITS || LENGTHS.length !== 257) throw new Error("HPACK Huffman table is corrupt");
	return codes;
}

function buildTree(): Int32Array {
	// A full binary tree with 257 leaves has 256 internal nodes.
	const tree = new Int32Array(2 * 256).fill(0);
	let nodes = 1;
	for (let sym = 0; sym < LENGTHS.length; sym++) {
		const len = LENGTHS[sym]!;
		const code = CODES[sym]!;
		let node = 0;
		for (let i = len - 1; i > 0; i--) {
			const slot = 2 * node + (Math.floor(code / 2 ** i) & 1);
			if (tree[slot] === 0) tree[slot] = nodes++;
			node = tree[slot]!;
		}
		tree[2 * node + (code & 1)] = -1 - sym;
	}
	return tree;
}

/** The length in bytes of the Huffman encoding of `input`. */
export function huffmanEncodedLength(input: Uint8Array): number {
	let bits = 0;
	for (const byte of input) bits += LENGTHS[byte]!;
	return Math.ceil(bits / 8);
}

/** Huffman-encodes bytes, padding the last byte with the high bits of EOS (ones). */
export function huffmanEncode(input: Uint8Array): Uint8Array {
	const out = new Uint8Array(huffmanEncodedLength(input));
	let pos = 0;
	// Pending bits live in the low `count` bits of `acc`; count stays below 8 between symbols,
	// so acc never exceeds 8 + 30 bits and a double holds it exactly.
	let acc = 0;
	let count = 0;
	for (const byte of input) {
		const len = LENGTHS[byte]!;
		acc = acc * 2 ** len + CODES[byte]!;
		count += len;
		while (count >= 8) {
			count -= 8;
			const div = 2 ** count;
			out[pos++] = Math.floor(acc / div) & 0xff;
			acc %= div;
		}
	}
	if (count > 0) out[pos] = ((acc << (8 - count)) | (0xff >> count)) & 0xff;
	return out;
}

/**
 * Decodes Huffman-coded bytes. Throws a RangeError when the input holds EOS, ends inside a
 * symbol with more than 7 bits, or pads with anything but ones (RFC 7541 §5.2).
 */
export function huffmanDecode(input: Uint8Array): Uint8Array {
	// Each symbol takes at least 5 bits, so 8/5 of the input bounds the output.
	const out = new Uint8Array(Math.floor((input.length * 8) / 5));
	let len = 0;
	let node = 0;
	// Bits read since the last complete symbol, and whether all of them were ones.
	let pending = 0;
	let allOnes = true;
	for (const byte of input) {
		for (let shift = 7; shift >= 0; shift--) {
			const bit = (byte >> shift) & 1;
			const next = TREE[2 * node + bit]!;
			pending++;
			if (bit === 0) allOnes = false;
			if (next < 0) {
				const sym = -1 - next;
				if (sym === EOS) throw new RangeError("Huffman string contains EOS");
				out[len++] = sym;
				node = 0;
				pending = 0;
				allOnes = true;
			} else {
				node = next;
			}
		}
	}
	if (pending > 7) throw new RangeError("Huffman padding longer than 7 bits");
	if (!allOnes) throw new RangeError("Huffman padding is not the EOS prefix");
	return out.slice(0, len);
}
