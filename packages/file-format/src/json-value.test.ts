import { describe, expect, it } from "vitest";
import { parseJsonValue } from "./json-value.js";

const num = (text: string) => ({ kind: "number", text });

describe("parseJsonValue", () => {
	it("keeps numbers as their exact text, beyond 2^53", () => {
		expect(parseJsonValue("18446744073709551615")).toEqual(num("18446744073709551615"));
		expect(parseJsonValue("[0, -1, 1.5, 2e10]")).toEqual({
			kind: "array",
			items: [num("0"), num("-1"), num("1.5"), num("2e10")],
		});
	});

	it("keeps object members in file order, duplicates included", () => {
		expect(parseJsonValue('{"b":1,"a":true,"b":null,"s":"x"}')).toEqual({
			kind: "object",
			keys: ["b", "a", "b", "s"],
			values: [num("1"), true, null, "x"],
		});
	});

	it("decodes string escapes", () => {
		expect(parseJsonValue(String.raw`"a\"b\\c\/\u00e9\ud83d\ude00\n"`)).toBe('a"b\\c/é😀\n');
	});

	it("accepts white space around every token", () => {
		expect(parseJsonValue(' \n{ "a" : [ 1 , 2 ] }\t')).toEqual({
			kind: "object",
			keys: ["a"],
			values: [{ kind: "array", items: [num("1"), num("2")] }],
		});
	});

	it.each([
		["", /unexpected end/],
		["{", /expected a string key/],
		['{"a" 1}', /expected ":"/],
		['{"a":1 "b":2}', /expected "," or "}"/],
		["[1 2]", /expected "," or "]"/],
		["[1,]", /unexpected character "]"/],
		['"abc', /unterminated string/],
		['"a\nb"', /control character/],
		[String.raw`"\x"`, /invalid escape/],
		["tru", /unexpected character/],
		["01", /unexpected data after the value/],
		["0.5.1", /unexpected data after the value/],
		["-", /unexpected character "-"/],
		["{} {}", /unexpected data after the value/],
		["+1", /unexpected character "\+"/],
		["[".repeat(20) + "]".repeat(20), /nesting deeper than 16/],
	])("rejects %j", (text, message) => {
		expect(() => parseJsonValue(text)).toThrow(message);
	});
});
