/**
 * The name rendering that MoQT itself recommends for logs and file names
 * (draft-ietf-moq-transport-19 §"Representing Namespace and Track Names"), which differs from
 * the file format's own (`file-name.ts`): fields are joined with `-`, the track name follows
 * `--`, bytes `a-z A-Z 0-9 _` stay and every other byte is `.` plus two lower-case hex digits.
 * Parsing follows the draft's canonical rules (§"Parsing Serialized Names"): upper-case hex and
 * escapes of bytes that could stand as themselves are rejected, so the mapping is one-to-one.
 *
 * @module
 */

import { FileFormatError } from "./errors.js";
import type { TrackId } from "./types.js";

const HEX = "0123456789abcdef";

function isLiteral(b: number): boolean {
	return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;
}

function render(bytes: Uint8Array): string {
	let out = "";
	for (const b of bytes) out += isLiteral(b) ? String.fromCharCode(b) : `.${HEX[b >> 4]}${HEX[b & 15]}`;
	return out;
}

/** Renders a Full Track Name the MoQT draft-19 way: `field-field--name`. */
export function formatMoqtName(track: TrackId): string {
	return `${track.trackNamespace.map(render).join("-")}--${render(track.trackName)}`;
}

/**
 * Parses a name rendered by {@link formatMoqtName}; throws a {@link FileFormatError}
 * ("invalid-name") for anything that is not the canonical rendering.
 */
export function parseMoqtName(text: string): TrackId {
	const fail = (detail: string): never => {
		throw new FileFormatError("invalid-name", `${JSON.stringify(text)} ${detail}`);
	};
	// The name holds no "-", so the last "--" is the separator even when a field is empty.
	const sep = text.lastIndexOf("--");
	if (sep === -1) return fail('has no "--" before the track name');
	const ns = text.slice(0, sep);
	return {
		trackNamespace: ns === "" ? [] : ns.split("-").map((field) => parse(field, fail)),
		trackName: parse(text.slice(sep + 2), fail),
	};
}

function parse(text: string, fail: (detail: string) => never): Uint8Array {
	const out = new Uint8Array(text.length);
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x2e) {
			const hex = text.slice(i + 1, i + 3);
			if (!/^[0-9a-f]{2}$/.test(hex)) fail(`has "." without two lower-case hex digits at ${i}`);
			const b = Number.parseInt(hex, 16);
			if (isLiteral(b)) fail(`escapes ${JSON.stringify(String.fromCharCode(b))}, which must appear as itself`);
			out[n++] = b;
			i += 2;
		} else if (isLiteral(c)) {
			out[n++] = c;
		} else {
			fail(`has ${JSON.stringify(text[i])}, which must be escaped`);
		}
	}
	return out.slice(0, n);
}
