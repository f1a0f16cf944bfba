/**
 * File names of a recording (draft-jennings-moq-file-05 §3.2 "File Name Encoding", §4 "MoQT
 * Track DataFile").
 *
 * Each namespace field and the track name are percent-encoded: bytes `0-9 a-z A-Z` stay, every
 * other byte becomes `%` and two lower-case hex digits. Fields are joined with `.`, the track
 * name follows a `-`, and a file holding only part of the track appends `+` and its first Group
 * ID. The metadata file adds `.moq`, the data file `.dat`. Namespace `(Foo, b+r)` with track
 * `ex1` is `Foo.b%2br-ex1`.
 *
 * One ambiguity is inherent: a namespace of no fields (allowed from MoQT draft-17) and one of a
 * single empty field (allowed up to draft-15) both encode as nothing before the `-`; parsing
 * returns no fields. Readers of this package take a track's identity from its entries, never from
 * its file name, so the ambiguity only affects display.
 *
 * @module
 */

import { FileFormatError } from "./errors.js";
import type { TrackId, TrackNamespace } from "./types.js";

/** Suffix of a metadata file (-05 §4). */
export const METADATA_EXTENSION = ".moq";
/** Suffix of a data file (-05 §4). */
export const DATA_EXTENSION = ".dat";

const HEX = "0123456789abcdef";

function isAlphanumeric(b: number): boolean {
	return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/** Percent-encodes one field the -05 way. */
export function percentEncode(bytes: Uint8Array): string {
	let out = "";
	for (const b of bytes) out += isAlphanumeric(b) ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
	return out;
}

/**
 * The file name stem (no `.moq` / `.dat`) of a track, or of the part of it that starts at
 * `firstGroup` when that is given (-05 §3.2).
 */
export function encodeTrackFileName(track: TrackId, firstGroup?: bigint): string {
	const stem = `${track.trackNamespace.map(percentEncode).join(".")}-${percentEncode(track.trackName)}`;
	return firstGroup === undefined ? stem : `${stem}+${firstGroup}`;
}

/** A file name parsed by {@link parseTrackFileName}. */
export interface ParsedTrackFileName extends TrackId {
	/** The first Group ID, when the name has the partial-track `+<group>` suffix. */
	readonly firstGroup?: bigint | undefined;
	/** The suffix after the last `.` following the track name (`moq`, `dat`), if any. */
	readonly extension?: string | undefined;
}

const TRACK_PART = /^([0-9A-Za-z%]*)(?:\+(0|[1-9]\d*))?(?:\.([0-9A-Za-z]+))?$/;

/**
 * Parses a name made by {@link encodeTrackFileName}, with or without an extension. Upper-case hex
 * digits are accepted. Throws a {@link FileFormatError} ("invalid-name") otherwise.
 */
export function parseTrackFileName(name: string): ParsedTrackFileName {
	const fail = (detail: string): never => {
		throw new FileFormatError("invalid-name", `${JSON.stringify(name)} ${detail}`);
	};
	const dash = name.indexOf("-");
	if (dash === -1 || name.indexOf("-", dash + 1) !== -1) {
		return fail('does not have exactly one "-" between the namespace and the track name');
	}
	const namespacePart = name.slice(0, dash);
	const m = TRACK_PART.exec(name.slice(dash + 1));
	if (m === null) return fail("does not end in <track name>[+<first group>][.<extension>]");
	const trackNamespace: TrackNamespace =
		namespacePart === "" ? [] : namespacePart.split(".").map((field) => percentDecode(field, fail));
	return {
		trackNamespace,
		trackName: percentDecode(m[1]!, fail),
		firstGroup: m[2] === undefined ? undefined : BigInt(m[2]),
		extension: m[3],
	};
}

function percentDecode(text: string, fail: (detail: string) => never): Uint8Array {
	const out = new Uint8Array(text.length);
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 0x25) {
			const hex = text.slice(i + 1, i + 3);
			if (!/^[0-9a-fA-F]{2}$/.test(hex)) fail(`has "%" without two hex digits at ${i}`);
			out[n++] = Number.parseInt(hex, 16);
			i += 2;
		} else if (isAlphanumeric(c)) {
			out[n++] = c;
		} else {
			fail(`has ${JSON.stringify(text[i])}, which must be percent-encoded`);
		}
	}
	return out.slice(0, n);
}
