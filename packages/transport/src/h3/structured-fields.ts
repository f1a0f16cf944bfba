/**
 * A small, strict Structured Field Values parser and serializer (RFC 8941, as updated by
 * RFC 9651) for what WebTransport protocol negotiation needs (draft-ietf-webtrans-http3
 * §"Application Protocol Negotiation"): `WT-Available-Protocols`, a List, and `WT-Protocol`,
 * an Item, whose only valid member type is String.
 *
 * Parsing follows RFC 8941 §4.2 for Lists (§4.2.1), Inner Lists (§4.2.1.2), Items (§4.2.3),
 * Parameters (§4.2.3.2) and the bare item types Integer, Decimal (§4.2.4), String (§4.2.5),
 * Token (§4.2.6), Byte Sequence (§4.2.7) and Boolean (§4.2.8). RFC 9651's Date and Display
 * String are not recognised, so a field using them fails to parse. Any failure fails the whole
 * field (§4.2), which WebTransport then ignores.
 *
 * @module
 */

/** A bare item. Byte sequences keep their base64 text; nothing here needs the bytes. */
export type SfBareItem =
	| { readonly type: "integer" | "decimal"; readonly value: number }
	| { readonly type: "string" | "token" | "binary"; readonly value: string }
	| { readonly type: "boolean"; readonly value: boolean };

/** A member of a List: an Item or an Inner List, with its parameters. */
export type SfMember =
	| { readonly kind: "item"; readonly item: SfBareItem; readonly params: ReadonlyMap<string, SfBareItem> }
	| {
			readonly kind: "inner-list";
			readonly items: readonly { readonly item: SfBareItem; readonly params: ReadonlyMap<string, SfBareItem> }[];
			readonly params: ReadonlyMap<string, SfBareItem>;
	  };

class ParseError extends Error {}

/** Parses a List field value (§4.2 with type List). Returns undefined when it does not parse. */
export function parseSfList(input: string): SfMember[] | undefined {
	const p = new Parser(input);
	try {
		p.skipSp();
		const members = p.list();
		p.skipSp();
		if (!p.done) throw new ParseError("trailing characters");
		return members;
	} catch (e) {
		if (e instanceof ParseError) return undefined;
		throw e;
	}
}

/** Parses an Item field value (§4.2 with type Item). Returns undefined when it does not parse. */
export function parseSfItem(input: string): Extract<SfMember, { kind: "item" }> | undefined {
	const p = new Parser(input);
	try {
		p.skipSp();
		const item = p.bareItem();
		const params = p.params();
		p.skipSp();
		if (!p.done) throw new ParseError("trailing characters");
		return { kind: "item", item, params };
	} catch (e) {
		if (e instanceof ParseError) return undefined;
		throw e;
	}
}

/**
 * The strings of a List whose members are all Strings (parameters ignored), or undefined when
 * the field does not parse or holds any other type (draft-ietf-webtrans-http3: "Any value type
 * other than String MUST be treated as an error that causes the entire field to be ignored").
 */
export function parseSfStringList(input: string): string[] | undefined {
	const members = parseSfList(input);
	if (members === undefined) return undefined;
	const out: string[] = [];
	for (const m of members) {
		if (m.kind !== "item" || m.item.type !== "string") return undefined;
		out.push(m.item.value);
	}
	return out;
}

/** The string of an Item that is a String (parameters ignored), else undefined. */
export function parseSfString(input: string): string | undefined {
	const item = parseSfItem(input);
	return item?.item.type === "string" ? item.item.value : undefined;
}

/** Serializes a String (§4.1.6). Throws a RangeError for characters outside 0x20..0x7e. */
export function serializeSfString(value: string): string {
	let out = '"';
	for (const ch of value) {
		const c = ch.charCodeAt(0);
		if (ch.length !== 1 || c < 0x20 || c > 0x7e) throw new RangeError("sf-string characters must be printable ASCII");
		if (ch === '"' || ch === "\\") out += "\\";
		out += ch;
	}
	return `${out}"`;
}

/** Serializes a Token (§4.1.7). Throws a RangeError when `value` is not a valid token. */
export function serializeSfToken(value: string): string {
	if (!/^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*$/.test(value)) throw new RangeError(`not an sf-token: ${value}`);
	return value;
}

/** Serializes a List of Strings (§4.1.1). */
export function serializeSfStringList(values: readonly string[]): string {
	return values.map(serializeSfString).join(", ");
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;
const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const BASE64_CHAR = /[A-Za-z0-9+/=]/;

class Parser {
	private pos = 0;
	private readonly s: string;

	constructor(input: string) {
		this.s = input;
	}

	get done(): boolean {
		return this.pos >= this.s.length;
	}

	private peek(): string {
		return this.s[this.pos] ?? "";
	}

	skipSp(): void {
		while (this.peek() === " ") this.pos++;
	}

	private skipOws(): void {
		while (this.peek() === " " || this.peek() === "\t") this.pos++;
	}

	// §4.2.1
	list(): SfMember[] {
		const members: SfMember[] = [];
		while (!this.done) {
			members.push(this.peek() === "(" ? this.innerList() : this.item());
			this.skipOws();
			if (this.done) return members;
			if (this.s[this.pos++] !== ",") throw new ParseError("expected a comma");
			this.skipOws();
			if (this.done) throw new ParseError("trailing comma");
		}
		return members;
	}

	private item(): SfMember {
		const item = this.bareItem();
		return { kind: "item", item, params: this.params() };
	}

	// §4.2.1.2
	private innerList(): SfMember {
		this.pos++;
		const items: { item: SfBareItem; params: ReadonlyMap<string, SfBareItem> }[] = [];
		for (;;) {
			this.skipSp();
			if (this.peek() === ")") {
				this.pos++;
				return { kind: "inner-list", items, params: this.params() };
			}
			const item = this.bareItem();
			items.push({ item, params: this.params() });
			const next = this.peek();
			if (next !== " " && next !== ")") throw new ParseError("expected a space or ')' in an inner list");
		}
	}

	// §4.2.3.2
	params(): Map<string, SfBareItem> {
		const params = new Map<string, SfBareItem>();
		while (this.peek() === ";") {
			this.pos++;
			this.skipSp();
			const key = this.key();
			let value: SfBareItem = { type: "boolean", value: true };
			if (this.peek() === "=") {
				this.pos++;
				value = this.bareItem();
			}
			params.set(key, value);
		}
		return params;
	}

	private key(): string {
		if (!KEY_START.test(this.peek())) throw new ParseError("a key must start with a-z or *");
		const start = this.pos;
		while (!this.done && KEY_CHAR.test(this.peek())) this.pos++;
		return this.s.slice(start, this.pos);
	}

	// §4.2.3.1
	bareItem(): SfBareItem {
		const c = this.peek();
		if (c === "-" || (c >= "0" && c <= "9")) return this.number();
		if (c === '"') return this.string();
		if (/[A-Za-z*]/.test(c)) return this.token();
		if (c === ":") return this.binary();
		if (c === "?") return this.boolean();
		throw new ParseError("unrecognised bare item");
	}

	// §4.2.4
	private number(): SfBareItem {
		const start = this.pos;
		if (this.peek() === "-") this.pos++;
		if (!/[0-9]/.test(this.peek())) throw new ParseError("a number needs a digit");
		let decimal = false;
		let intDigits = 0;
		let fracDigits = 0;
		while (!this.done) {
			const c = this.peek();
			if (c >= "0" && c <= "9") {
				if (decimal) fracDigits++;
				else intDigits++;
			} else if (c === "." && !decimal) {
				if (intDigits > 12) throw new ParseError("decimal integer part too long");
				decimal = true;
			} else {
				break;
			}
			this.pos++;
			if (!decimal && intDigits > 15) throw new ParseError("integer too long");
		}
		const text = this.s.slice(start, this.pos);
		if (!decimal) return { type: "integer", value: Number.parseInt(text, 10) };
		if (fracDigits === 0 || fracDigits > 3) throw new ParseError("a decimal needs 1 to 3 fractional digits");
		return { type: "decimal", value: Number.parseFloat(text) };
	}

	// §4.2.5
	private string(): SfBareItem {
		this.pos++;
		let out = "";
		for (;;) {
			if (this.done) throw new ParseError("unterminated string");
			const c = this.s[this.pos++]!;
			if (c === "\\") {
				const next = this.s[this.pos++];
				if (next !== '"' && next !== "\\") throw new ParseError("bad escape in a string");
				out += next;
			} else if (c === '"') {
				return { type: "string", value: out };
			} else {
				const code = c.charCodeAt(0);
				if (code < 0x20 || code > 0x7e) throw new ParseError("non-printable character in a string");
				out += c;
			}
		}
	}

	// §4.2.6
	private token(): SfBareItem {
		const start = this.pos++;
		while (!this.done && (TCHAR.test(this.peek()) || this.peek() === ":" || this.peek() === "/")) this.pos++;
		return { type: "token", value: this.s.slice(start, this.pos) };
	}

	// §4.2.7
	private binary(): SfBareItem {
		const start = ++this.pos;
		while (!this.done && this.peek() !== ":") {
			if (!BASE64_CHAR.test(this.peek())) throw new ParseError("bad character in a byte sequence");
			this.pos++;
		}
		if (this.done) throw new ParseError("unterminated byte sequence");
		const value = this.s.slice(start, this.pos++);
		return { type: "binary", value };
	}

	// §4.2.8
	private boolean(): SfBareItem {
		this.pos++;
		const c = this.s[this.pos++];
		if (c === "1") return { type: "boolean", value: true };
		if (c === "0") return { type: "boolean", value: false };
		throw new ParseError("a boolean is ?0 or ?1");
	}
}
