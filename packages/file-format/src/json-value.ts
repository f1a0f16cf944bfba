/**
 * A JSON (RFC 8259) value parser for one metadata entry of the MOQT file format
 * (draft-jennings-moq-file-05 §2 "JSON Meta Object").
 *
 * It exists instead of `JSON.parse` for two reasons: numbers keep their source text, so Group and
 * Object IDs above 2^53 come back exact; and object members stay an ordered list, duplicates
 * included, so the order and repetition of `ext<N>` fields survive.
 *
 * @module
 */

/** A JSON number, kept as its source text. */
export interface JsonNumber {
	readonly kind: "number";
	readonly text: string;
}

/** A JSON object, as its members in file order (duplicates kept): `keys[i]` holds `values[i]`. */
export interface JsonObject {
	readonly kind: "object";
	readonly keys: readonly string[];
	readonly values: readonly JsonValue[];
}

/** A JSON array. */
export interface JsonArray {
	readonly kind: "array";
	readonly items: readonly JsonValue[];
}

/** A parsed JSON value: strings, booleans and null as themselves, the rest tagged. */
export type JsonValue = string | boolean | null | JsonNumber | JsonObject | JsonArray;

/** Entries need depth 2 (an object holding the namespace array); deeper input is hostile. */
const MAX_DEPTH = 16;

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses `text` as exactly one JSON value. Throws a `SyntaxError` that says what and where
 * (character offset in `text`); the caller wraps it with the file and entry.
 */
export function parseJsonValue(text: string): JsonValue {
	const p = new Parser(text);
	p.skipWhitespace();
	const value = p.value(0);
	p.skipWhitespace();
	if (p.pos !== text.length) p.fail("unexpected data after the value");
	return value;
}

class Parser {
	pos = 0;
	readonly text: string;

	constructor(text: string) {
		this.text = text;
	}

	fail(what: string): never {
		throw new SyntaxError(`${what} at character ${this.pos}`);
	}

	skipWhitespace(): void {
		for (;;) {
			const c = this.text.charCodeAt(this.pos);
			if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
			this.pos++;
		}
	}

	value(depth: number): JsonValue {
		if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
		const c = this.text[this.pos];
		switch (c) {
			case "{":
				return this.object(depth + 1);
			case "[":
				return this.array(depth + 1);
			case '"':
				return this.string();
			case "t":
				return this.literal("true", true);
			case "f":
				return this.literal("false", false);
			case "n":
				return this.literal("null", null);
			case undefined:
				return this.fail("unexpected end of input");
			default:
				return this.number();
		}
	}

	object(depth: number): JsonObject {
		this.pos++;
		const keys: string[] = [];
		const values: JsonValue[] = [];
		this.skipWhitespace();
		if (this.text[this.pos] === "}") {
			this.pos++;
			return { kind: "object", keys, values };
		}
		for (;;) {
			if (this.text[this.pos] !== '"') this.fail("expected a string key");
			keys.push(this.string());
			this.skipWhitespace();
			if (this.text[this.pos] !== ":") this.fail('expected ":"');
			this.pos++;
			this.skipWhitespace();
			values.push(this.value(depth));
			this.skipWhitespace();
			const c = this.text[this.pos++];
			if (c === "}") return { kind: "object", keys, values };
			if (c !== ",") this.fail('expected "," or "}"');
			this.skipWhitespace();
		}
	}

	array(depth: number): JsonArray {
		this.pos++;
		const items: JsonValue[] = [];
		this.skipWhitespace();
		if (this.text[this.pos] === "]") {
			this.pos++;
			return { kind: "array", items };
		}
		for (;;) {
			items.push(this.value(depth));
			this.skipWhitespace();
			const c = this.text[this.pos++];
			if (c === "]") return { kind: "array", items };
			if (c !== ",") this.fail('expected "," or "]"');
			this.skipWhitespace();
		}
	}

	string(): string {
		const start = this.pos;
		let i = start + 1;
		let escaped = false;
		for (;;) {
			const c = this.text.charCodeAt(i);
			if (Number.isNaN(c)) this.fail("unterminated string");
			if (c === 0x22) break;
			if (c === 0x5c) {
				escaped = true;
				i += 2;
				continue;
			}
			if (c < 0x20) {
				this.pos = i;
				this.fail("control character in a string");
			}
			i++;
		}
		this.pos = i + 1;
		if (!escaped) return this.text.slice(start + 1, i);
		// Escapes are rare (base64 never needs one); JSON.parse of the literal decodes them exactly
		// and rejects bad ones.
		try {
			return JSON.parse(this.text.slice(start, i + 1)) as string;
		} catch {
			this.pos = start;
			return this.fail("invalid escape in a string");
		}
	}

	literal<T>(word: string, value: T): T {
		if (!this.text.startsWith(word, this.pos)) this.fail("unexpected character");
		this.pos += word.length;
		return value;
	}

	number(): JsonNumber {
		// Entries hold plain non-negative integers; scan those by hand, the rest by the full grammar.
		const start = this.pos;
		let i = start;
		while (i < this.text.length) {
			const c = this.text.charCodeAt(i);
			if (c < 0x30 || c > 0x39) break;
			i++;
		}
		const next = this.text.charCodeAt(i);
		const plain = i > start && (this.text.charCodeAt(start) !== 0x30 || i === start + 1);
		if (plain && next !== 0x2e && next !== 0x65 && next !== 0x45) {
			this.pos = i;
			return { kind: "number", text: this.text.slice(start, i) };
		}
		NUMBER.lastIndex = this.pos;
		const m = NUMBER.exec(this.text);
		if (m === null) this.fail(`unexpected character ${JSON.stringify(this.text[this.pos])}`);
		this.pos = NUMBER.lastIndex;
		return { kind: "number", text: m[0] };
	}
}
