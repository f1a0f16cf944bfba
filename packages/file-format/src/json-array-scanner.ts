/**
 * An incremental scanner for the top-level JSON array of a `.moq` metadata file
 * (draft-jennings-moq-file-05 §2: "an array of one or more JSON objects").
 *
 * It finds where each element (entry) starts and ends without parsing it, across chunk
 * boundaries, so a reader holds one entry at a time however large the file is. Each element must
 * be an object; its text goes to `parseJsonValue`. The end of input is reported, not thrown: a
 * writer that crashed leaves the array unclosed, and the caller decides whether to recover.
 *
 * @module
 */

import { FileFormatError } from "./errors.js";

/** How the input ended. */
export type ScanEnd =
	/** The array was closed with `]`. */
	| { readonly complete: true }
	/** The input stopped before `]`; `dropped` characters of a partial entry were discarded. */
	| { readonly complete: false; readonly reason: string; readonly dropped: number };

/** Options of a {@link JsonArrayScanner}. */
export interface JsonArrayScannerOptions {
	/** Largest element, in characters. */
	readonly maxElementChars: number;
	/** Most elements. */
	readonly maxElements: number;
	/** Named in errors. */
	readonly file?: string | undefined;
}

const Phase = {
	START: 0,
	/** After `[`: `]` or the first element. */
	FIRST: 1,
	/** After `,`: an element. */
	NEXT: 2,
	ELEMENT: 3,
	/** After an element: `,` or `]`. */
	AFTER: 4,
	DONE: 5,
} as const;
type Phase = (typeof Phase)[keyof typeof Phase];

const MAX_DEPTH = 16;

/** Splits a JSON array, pushed as string chunks, into the texts of its elements. */
export class JsonArrayScanner {
	readonly #options: JsonArrayScannerOptions;
	#phase: Phase = Phase.START;
	#depth = 0;
	#inString = false;
	#escape = false;
	/** Text of the current element from earlier chunks. */
	#parts: string[] = [];
	#partChars = 0;
	#elements = 0;
	#seenInput = false;

	constructor(options: JsonArrayScannerOptions) {
		this.#options = options;
	}

	/** Number of elements returned so far. */
	get elements(): number {
		return this.#elements;
	}

	/** Scans `chunk` and returns the elements it completed, in order. */
	push(chunk: string): string[] {
		const out: string[] = [];
		let i = 0;
		if (!this.#seenInput && chunk.length > 0) {
			this.#seenInput = true;
			if (chunk.charCodeAt(0) === 0xfeff) i = 1;
		}
		let start = this.#phase === Phase.ELEMENT ? 0 : -1;
		// Where the next backslash and quote are (-1: none left in the chunk), so string bodies are
		// skipped with indexOf and no character is searched twice, however many escapes a string has.
		let nextBackslash = -2;
		let nextQuote = -2;
		while (i < chunk.length) {
			if (this.#phase === Phase.ELEMENT) {
				if (this.#inString) {
					if (this.#escape) {
						this.#escape = false;
						i++;
						continue;
					}
					if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf("\\", i);
					if (nextQuote !== -1 && nextQuote < i) nextQuote = chunk.indexOf('"', i);
					const quote = nextQuote;
					if (quote === -1 && nextBackslash === -1) break;
					if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
						this.#escape = true;
						i = nextBackslash + 1;
						continue;
					}
					this.#inString = false;
					i = quote + 1;
					continue;
				}
				const c = chunk.charCodeAt(i);
				if (c === 0x22) {
					this.#inString = true;
				} else if (c === 0x7b || c === 0x5b) {
					if (++this.#depth > MAX_DEPTH) this.#fail(`nests deeper than ${MAX_DEPTH}`);
				} else if (c === 0x7d || c === 0x5d) {
					if (--this.#depth === 0) {
						out.push(this.#finish(chunk.slice(start, i + 1)));
						start = -1;
						this.#phase = Phase.AFTER;
					}
				}
				i++;
				continue;
			}
			const c = chunk.charCodeAt(i);
			i++;
			if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
			switch (this.#phase) {
				case Phase.START:
					if (c !== 0x5b) this.#fail(`expected "[" to open the array, found ${describe(c)}`, "malformed-json", null);
					this.#phase = Phase.FIRST;
					break;
				case Phase.FIRST:
				case Phase.NEXT:
					if (c === 0x5d && this.#phase === Phase.FIRST) {
						this.#phase = Phase.DONE;
					} else if (c === 0x7b) {
						if (this.#elements >= this.#options.maxElements) {
							this.#fail(`more than the limit of ${this.#options.maxElements} entries`, "too-large");
						}
						this.#phase = Phase.ELEMENT;
						this.#depth = 1;
						start = i - 1;
					} else {
						this.#fail(`is not a JSON object (found ${describe(c)})`);
					}
					break;
				case Phase.AFTER:
					if (c === 0x2c) this.#phase = Phase.NEXT;
					else if (c === 0x5d) this.#phase = Phase.DONE;
					else
						this.#fail(
							`expected "," or "]" after the entry, found ${describe(c)}`,
							"malformed-json",
							this.#elements - 1,
						);
					break;
				default:
					this.#fail(`unexpected ${describe(c)} after the closing "]"`, "malformed-json", null);
			}
		}
		if (this.#phase === Phase.ELEMENT && start !== -1) {
			const rest = chunk.slice(start);
			this.#parts.push(rest);
			this.#partChars += rest.length;
			this.#checkSize(this.#partChars);
		}
		return out;
	}

	/** Reports how the input ended. */
	end(): ScanEnd {
		switch (this.#phase) {
			case Phase.DONE:
				return { complete: true };
			case Phase.START:
				return { complete: false, reason: "the file is empty", dropped: 0 };
			case Phase.ELEMENT:
				return {
					complete: false,
					reason: `the array is not closed and entry ${this.#elements} is cut off`,
					dropped: this.#partChars,
				};
			default:
				return { complete: false, reason: `the array is not closed after ${this.#elements} entries`, dropped: 0 };
		}
	}

	#finish(last: string): string {
		const text = this.#parts.length === 0 ? last : this.#parts.join("") + last;
		this.#parts = [];
		this.#partChars = 0;
		this.#checkSize(text.length);
		this.#elements++;
		return text;
	}

	#checkSize(chars: number): void {
		if (chars > this.#options.maxElementChars) {
			this.#fail(`is longer than the limit of ${this.#options.maxElementChars} characters`, "too-large");
		}
	}

	/** Throws, naming entry `entry` (the current one by default, none when null). */
	#fail(
		detail: string,
		code: "malformed-json" | "too-large" = "malformed-json",
		entry: number | null = this.#elements,
	): never {
		throw new FileFormatError(code, detail, { file: this.#options.file, entry: entry ?? undefined });
	}
}

function describe(c: number): string {
	return c >= 0x20 && c < 0x7f ? JSON.stringify(String.fromCharCode(c)) : `U+${c.toString(16).padStart(4, "0")}`;
}
