/**
 * The layout of a `.moq` metadata file as this package writes it (draft-jennings-moq-file-05 §2:
 * "an array of one or more JSON objects"): one entry per line,
 *
 * ```
 * [
 * {…entry 0…},
 * {…entry 1…}
 * ]
 * ```
 *
 * The closing `\n]\n` is the only thing after the last entry, so an appending writer overwrites
 * it with `,\n{…}` plus a new closing in one positioned write, and the file is a complete JSON
 * array after every such write. (A file with no entries is `[\n]\n`; -05 asks for "one or more",
 * which a recording that received nothing cannot give.)
 *
 * @module
 */

import { type EncodeEntryOptions, type EntryFields, encodeEntry } from "./entry-encode.js";

/** What a metadata file starts with. */
export const METADATA_OPEN = "[";
/** What a metadata file ends with, after the last entry. */
export const METADATA_CLOSE = "\n]\n";

/** What goes before entry `index`: a newline, and a comma after the first. */
export function entrySeparator(index: number): string {
	return index === 0 ? "\n" : ",\n";
}

/** Encodes a whole metadata file in memory (for small recordings, tests, or a browser download). */
export function encodeMetadata(entries: Iterable<EntryFields>, options: EncodeEntryOptions = {}): string {
	let out = METADATA_OPEN;
	let i = 0;
	for (const entry of entries) out += entrySeparator(i++) + encodeEntry(entry, options);
	return out + METADATA_CLOSE;
}
