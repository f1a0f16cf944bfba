/**
 * Base64 for the MOQT file format (draft-jennings-moq-file-05 §3.1 "Base64 Encoding"): the
 * writer emits RFC 4648 §5 base64url without padding, as -05 requires; the reader also takes
 * what real files hold: the standard alphabet (RFC 4648 §4), padding (the draft's own example is
 * padded), and ASCII white space.
 *
 * @module
 */

const URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Sextet value of each character code, -1 where the character is not base64 in either alphabet. */
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) SEXTET[URL_ALPHABET.charCodeAt(i)] = i;
SEXTET["+".charCodeAt(0)] = 62;
SEXTET["/".charCodeAt(0)] = 63;

/** Encodes bytes as base64url without padding (RFC 4648 §5), the only form -05 allows. */
export function encodeBase64Url(bytes: Uint8Array): string {
	let out = "";
	let i = 0;
	for (; i + 2 < bytes.length; i += 3) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
		out +=
			URL_ALPHABET[n >> 18]! + URL_ALPHABET[(n >> 12) & 63]! + URL_ALPHABET[(n >> 6) & 63]! + URL_ALPHABET[n & 63]!;
	}
	const rest = bytes.length - i;
	if (rest === 1) {
		const n = bytes[i]! << 16;
		out += URL_ALPHABET[n >> 18]! + URL_ALPHABET[(n >> 12) & 63]!;
	} else if (rest === 2) {
		const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
		out += URL_ALPHABET[n >> 18]! + URL_ALPHABET[(n >> 12) & 63]! + URL_ALPHABET[(n >> 6) & 63]!;
	}
	return out;
}

/**
 * Decodes base64 leniently: either alphabet (even mixed), with or without `=` padding, ignoring
 * ASCII white space. Returns an error description instead of throwing, so the caller can name
 * the file, entry and field.
 */
export function decodeBase64(text: string): Uint8Array | string {
	const sextets = new Uint8Array(text.length);
	let count = 0;
	let padding = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
		if (c === 0x3d) {
			padding++;
			continue;
		}
		const v = c < 128 ? SEXTET[c]! : -1;
		if (v < 0) return `not base64: character ${JSON.stringify(text[i])} at ${i}`;
		if (padding > 0) return `not base64: data after "=" padding at ${i}`;
		sextets[count++] = v;
	}
	const tail = count % 4;
	if (tail === 1) return `not base64: ${count} characters cannot encode whole bytes`;
	// Padding is only checked for being at the end and at most "==": the -00 example pads 38
	// characters with a single "=", which a strict decoder rejects.
	if (padding > 2) return `not base64: ${padding} "=" characters of padding`;
	const out = new Uint8Array((count * 3) >> 2);
	let o = 0;
	let i = 0;
	for (; i + 3 < count; i += 4) {
		const n = (sextets[i]! << 18) | (sextets[i + 1]! << 12) | (sextets[i + 2]! << 6) | sextets[i + 3]!;
		out[o++] = n >> 16;
		out[o++] = (n >> 8) & 255;
		out[o++] = n & 255;
	}
	if (tail >= 2) {
		const n = (sextets[i]! << 18) | (sextets[i + 1]! << 12) | (tail === 3 ? sextets[i + 2]! << 6 : 0);
		out[o++] = n >> 16;
		if (tail === 3) out[o++] = (n >> 8) & 255;
	}
	return out;
}
