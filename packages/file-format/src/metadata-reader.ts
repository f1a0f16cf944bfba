/**
 * Streaming reading of a `.moq` metadata file (draft-jennings-moq-file-05 §2 "JSON Meta
 * Object"), in any JavaScript runtime.
 *
 * Chunks of text or UTF-8 bytes go in, decoded entries come out; memory holds one entry and one
 * chunk. A file whose array was never closed (its writer crashed) is recovered by default: the
 * entries before the cut are returned, a partial last entry is dropped, and `onTruncated` says so.
 *
 * @module
 */

import { decodeEntry } from "./entry-decode.js";
import { FileFormatError } from "./errors.js";
import { JsonArrayScanner } from "./json-array-scanner.js";
import { parseJsonValue } from "./json-value.js";
import { type MetadataLimits, resolveLimits } from "./limits.js";
import type { MetadataEntry } from "./types.js";

declare const TextDecoder: {
	new (
		label: string,
		options: { fatal: boolean },
	): { decode(input?: Uint8Array, options?: { stream: boolean }): string };
};

/** What was lost when a file's array was not closed. */
export interface Truncation {
	/** The metadata file, when named in the options. */
	readonly file: string | undefined;
	/** Entries read before the cut. */
	readonly entries: number;
	/** What was wrong, in words. */
	readonly reason: string;
	/** Characters of a partial entry that were dropped. */
	readonly droppedChars: number;
}

/** Options of the metadata readers. */
export interface MetadataReadOptions {
	/** The file's name, used in errors. */
	readonly file?: string | undefined;
	/** Limits; see {@link DEFAULT_LIMITS}. */
	readonly limits?: Partial<MetadataLimits> | undefined;
	/**
	 * Accept a file that ends before its array is closed (default true). When false such a file
	 * fails with a "truncated" error.
	 */
	readonly recover?: boolean | undefined;
	/** Called once when a truncated file was recovered. */
	readonly onTruncated?: ((truncation: Truncation) => void) | undefined;
}

/** Push parser: feed chunks with {@link MetadataParser.push}, then call {@link MetadataParser.end}. */
export class MetadataParser {
	readonly #options: MetadataReadOptions;
	readonly #limits: MetadataLimits;
	readonly #scanner: JsonArrayScanner;
	#decoder: InstanceType<typeof TextDecoder> | undefined;

	constructor(options: MetadataReadOptions = {}) {
		this.#options = options;
		this.#limits = resolveLimits(options.limits);
		this.#scanner = new JsonArrayScanner({
			maxElementChars: this.#limits.maxEntryChars,
			maxElements: this.#limits.maxEntries,
			file: options.file,
		});
	}

	/** Entries returned so far. */
	get entries(): number {
		return this.#scanner.elements;
	}

	/** Scans a chunk and returns the entries it completed. */
	push(chunk: string | Uint8Array): MetadataEntry[] {
		const text = typeof chunk === "string" ? chunk : this.#decode(chunk);
		const first = this.#scanner.elements;
		return this.#scanner.push(text).map((element, i) => this.#entry(element, first + i));
	}

	/**
	 * Ends the input. Returns the truncation when the array was not closed and recovery is on;
	 * throws a "truncated" error when it is off.
	 */
	end(): Truncation | undefined {
		let cutCharacter = false;
		try {
			// Flushes the decoder: a fatal decoder throws on a multi-byte character cut off at the end.
			this.#decoder?.decode(undefined, { stream: false });
		} catch {
			cutCharacter = true;
		}
		const end = this.#scanner.end();
		if (end.complete) {
			if (cutCharacter) throw new FileFormatError("invalid-utf8", "ends with a partial UTF-8 character", this.#where());
			return undefined;
		}
		// A cut-off character belongs to the cut-off tail, which is what a crash leaves.
		const truncation: Truncation = {
			file: this.#options.file,
			entries: this.#scanner.elements,
			reason: end.reason,
			droppedChars: end.dropped,
		};
		if (this.#options.recover === false) {
			throw new FileFormatError("truncated", truncation.reason, { file: this.#options.file });
		}
		this.#options.onTruncated?.(truncation);
		return truncation;
	}

	#where() {
		return { file: this.#options.file, entry: this.#scanner.elements };
	}

	#decode(chunk: Uint8Array): string {
		this.#decoder ??= new TextDecoder("utf-8", { fatal: true });
		try {
			return this.#decoder.decode(chunk, { stream: true });
		} catch (cause) {
			throw new FileFormatError("invalid-utf8", "is not valid UTF-8", { ...this.#where(), cause });
		}
	}

	#entry(text: string, index: number): MetadataEntry {
		let value: ReturnType<typeof parseJsonValue>;
		try {
			value = parseJsonValue(text);
		} catch (cause) {
			const detail = cause instanceof SyntaxError ? cause.message : String(cause);
			throw new FileFormatError("malformed-json", detail, { file: this.#options.file, entry: index, cause });
		}
		return decodeEntry(value, { file: this.#options.file, index, limits: this.#limits });
	}
}

/** Reads a whole metadata file held in memory. */
export function parseMetadata(input: string | Uint8Array, options: MetadataReadOptions = {}): MetadataEntry[] {
	const parser = new MetadataParser(options);
	const entries = parser.push(input);
	parser.end();
	return entries;
}

/**
 * Reads a metadata file from a stream of chunks (a `ReadableStream` is async-iterable in Node and
 * recent browsers), yielding entries as they complete.
 */
export async function* readMetadata(
	chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
	options: MetadataReadOptions = {},
): AsyncGenerator<MetadataEntry, void, undefined> {
	const parser = new MetadataParser(options);
	for await (const chunk of chunks) yield* parser.push(chunk);
	parser.end();
}
