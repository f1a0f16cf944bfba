import { describe, expect, it } from "vitest";
import type { H3Error } from "./errors.js";
import { combinedValue, splitFields } from "./http-fields.js";
import type { HeaderField } from "./qpack.js";

const f = (name: string, value: string): HeaderField => ({ name, value });

function errorOf(fn: () => unknown): H3Error | undefined {
	try {
		fn();
	} catch (e) {
		return e as H3Error;
	}
	return undefined;
}

describe("field section well-formedness (RFC 9114 §4.2, §4.3)", () => {
	it("splits pseudo-header fields from regular fields", () => {
		const { pseudo, regular } = splitFields([f(":method", "CONNECT"), f(":path", "/"), f("origin", "o")], "request");
		expect([...pseudo]).toEqual([
			[":method", "CONNECT"],
			[":path", "/"],
		]);
		expect(regular).toEqual([f("origin", "o")]);
	});
	it.each([
		["a pseudo-header after a regular field", [f("origin", "o"), f(":path", "/")], "request"],
		["a repeated pseudo-header", [f(":path", "/"), f(":path", "/x")], "request"],
		["a response pseudo-header in a request", [f(":status", "200")], "request"],
		["a request pseudo-header in a response", [f(":status", "200"), f(":path", "/")], "response"],
		["an unknown pseudo-header", [f(":foo", "1")], "request"],
		["an uppercase name", [f("Origin", "o")], "request"],
		["an empty name", [f("", "o")], "request"],
		["a name with a space", [f("a b", "o")], "request"],
		["a value with CR", [f("x", "a\rb")], "request"],
		["a value with LF", [f("x", "a\nb")], "response"],
		["a value with NUL", [f("x", "a\0b")], "response"],
		["a connection-specific field", [f("connection", "close")], "request"],
		["transfer-encoding", [f("transfer-encoding", "chunked")], "response"],
		["TE other than trailers", [f("te", "gzip")], "request"],
	] as const)("rejects %s as H3_MESSAGE_ERROR", (_, fields, kind) => {
		const err = errorOf(() => splitFields(fields, kind));
		expect(err?.code).toBe("H3_MESSAGE_ERROR");
		expect(err?.scope).toBe("stream");
	});
	it("accepts TE: trailers and obs-text in values", () => {
		expect(splitFields([f("te", "trailers"), f("x", "\u00e9\u00ff")], "request").regular).toHaveLength(2);
	});
	it("combines repeated fields into one list value (RFC 9110 §5.3)", () => {
		const fields = [f("wt-available-protocols", '"a"'), f("x", "1"), f("wt-available-protocols", '"b"')];
		expect(combinedValue(fields, "wt-available-protocols")).toBe('"a", "b"');
		expect(combinedValue(fields, "missing")).toBeUndefined();
	});
});
