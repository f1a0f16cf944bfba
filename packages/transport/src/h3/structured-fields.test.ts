import { describe, expect, it } from "vitest";
import {
	parseSfItem,
	parseSfList,
	parseSfString,
	parseSfStringList,
	serializeSfString,
	serializeSfStringList,
	serializeSfToken,
} from "./structured-fields.js";

describe("Structured Field Lists (RFC 8941 §4.2.1)", () => {
	it("parses lists of strings as WT-Available-Protocols carries them", () => {
		expect(parseSfStringList('"moqt-16", "moq-00"')).toEqual(["moqt-16", "moq-00"]);
		expect(parseSfStringList('"moqt-16","moq-00"')).toEqual(["moqt-16", "moq-00"]);
		expect(parseSfStringList('  "a" ,\t"b"')).toEqual(["a", "b"]);
		expect(parseSfStringList("")).toEqual([]);
	});
	it("ignores parameters on members", () => {
		expect(parseSfStringList('"moqt-16";q=0.9;x, "moq-00";y=?0')).toEqual(["moqt-16", "moq-00"]);
	});
	it("unescapes strings", () => {
		expect(parseSfStringList('"a\\"b", "c\\\\d"')).toEqual(['a"b', "c\\d"]);
	});
	it("fails the whole field on any non-string member (draft-ietf-webtrans-http3)", () => {
		expect(parseSfStringList('"moqt-16", moq-00')).toBeUndefined();
		expect(parseSfStringList('"a", 1')).toBeUndefined();
		expect(parseSfStringList('("a" "b")')).toBeUndefined();
		expect(parseSfStringList('"a", ?1')).toBeUndefined();
	});
	it("fails on malformed input", () => {
		for (const bad of ['"a",', '"a" "b"', '"a', '"a\\x"', '"\u00e9"', ",", '"a",,"b"', '"a" ;', "@1659578233"]) {
			expect(parseSfList(bad)).toBeUndefined();
		}
		// Only SP may lead the field; OWS (SP or HTAB) may follow a member.
		expect(parseSfStringList('\t"a"')).toBeUndefined();
		expect(parseSfStringList('"a"\t')).toEqual(["a"]);
		expect(parseSfStringList('"a" ')).toEqual(["a"]);
	});
	it("parses every bare item type", () => {
		expect(parseSfList('tok/en:x, 42, -3.125, :aGVsbG8=:, ?1, ?0, "s";p=*k')).toEqual([
			{ kind: "item", item: { type: "token", value: "tok/en:x" }, params: new Map() },
			{ kind: "item", item: { type: "integer", value: 42 }, params: new Map() },
			{ kind: "item", item: { type: "decimal", value: -3.125 }, params: new Map() },
			{ kind: "item", item: { type: "binary", value: "aGVsbG8=" }, params: new Map() },
			{ kind: "item", item: { type: "boolean", value: true }, params: new Map() },
			{ kind: "item", item: { type: "boolean", value: false }, params: new Map() },
			{ kind: "item", item: { type: "string", value: "s" }, params: new Map([["p", { type: "token", value: "*k" }]]) },
		]);
	});
	it("parses inner lists with parameters", () => {
		expect(parseSfList('( "a" b;x );y, c')).toEqual([
			{
				kind: "inner-list",
				items: [
					{ item: { type: "string", value: "a" }, params: new Map() },
					{ item: { type: "token", value: "b" }, params: new Map([["x", { type: "boolean", value: true }]]) },
				],
				params: new Map([["y", { type: "boolean", value: true }]]),
			},
			{ kind: "item", item: { type: "token", value: "c" }, params: new Map() },
		]);
		expect(parseSfList('("a""b")')).toBeUndefined();
		expect(parseSfList('("a"')).toBeUndefined();
	});
	it("enforces number limits (§4.2.4)", () => {
		expect(parseSfList("123456789012345")).toBeDefined();
		expect(parseSfList("1234567890123456")).toBeUndefined();
		expect(parseSfList("123456789012.123")).toBeDefined();
		expect(parseSfList("1234567890123.1")).toBeUndefined();
		expect(parseSfList("1.1234")).toBeUndefined();
		expect(parseSfList("1.")).toBeUndefined();
		expect(parseSfList("-")).toBeUndefined();
	});
	it("enforces parameter keys (§4.2.3.3)", () => {
		expect(parseSfList('"a";Key=1')).toBeUndefined();
		expect(parseSfList('"a";k_e-y.*9=1')).toBeDefined();
	});
});

describe("Structured Field Items (RFC 8941 §4.2.3)", () => {
	it("parses the WT-Protocol item", () => {
		expect(parseSfString('"moqt-16"')).toBe("moqt-16");
		expect(parseSfString('"moqt-16";x=1')).toBe("moqt-16");
		expect(parseSfString("moqt-16")).toBeUndefined();
		expect(parseSfString('"a", "b"')).toBeUndefined();
		expect(parseSfItem("?1")?.item).toEqual({ type: "boolean", value: true });
	});
});

describe("serialisation (RFC 8941 §4.1)", () => {
	it("serialises strings with escapes and lists of them", () => {
		expect(serializeSfString('a"b\\c')).toBe('"a\\"b\\\\c"');
		expect(serializeSfStringList(["moqt-16", "moq-00"])).toBe('"moqt-16", "moq-00"');
		expect(parseSfStringList(serializeSfStringList(['x"y', "z\\", ""]))).toEqual(['x"y', "z\\", ""]);
	});
	it("refuses characters a string cannot hold", () => {
		expect(() => serializeSfString("é")).toThrow(RangeError);
		expect(() => serializeSfString("\n")).toThrow(RangeError);
	});
	it("serialises tokens and refuses invalid ones", () => {
		expect(serializeSfToken("moq-00")).toBe("moq-00");
		expect(serializeSfToken("*a/b:c")).toBe("*a/b:c");
		expect(() => serializeSfToken("0a")).toThrow(RangeError);
		expect(() => serializeSfToken("a b")).toThrow(RangeError);
	});
});
