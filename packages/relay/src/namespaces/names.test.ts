import { describe, expect, it } from "vitest";
import { bytes, ns } from "../../test/helpers.js";
import {
	fieldKey,
	formatFullTrackName,
	formatNamespace,
	isPrefixOf,
	namespaceKey,
	namespaceProblem,
	trackKey,
} from "./names.js";

describe("namespace keys", () => {
	it("differ whenever the field boundaries differ", () => {
		expect(namespaceKey(ns("ab", "c"))).not.toBe(namespaceKey(ns("a", "bc")));
		expect(namespaceKey(ns("abc"))).not.toBe(namespaceKey(ns("ab", "c")));
		expect(namespaceKey(ns("a", "b"))).toBe(namespaceKey(ns("a", "b")));
	});

	it("compare bytes, not text", () => {
		const a = [new Uint8Array([0xc3, 0xa9])]; // "é" in UTF-8
		const b = [new Uint8Array([0xe9])]; // "é" in Latin-1
		expect(namespaceKey(a)).not.toBe(namespaceKey(b));
		expect(namespaceKey([new Uint8Array([0, 255])])).toBe(namespaceKey([new Uint8Array([0, 255])]));
	});

	it("keep the namespace and the name apart in a track key", () => {
		const t1 = trackKey({ namespace: ns("a", "b"), name: bytes("c") });
		const t2 = trackKey({ namespace: ns("a"), name: bytes("bc") });
		const t3 = trackKey({ namespace: ns("a", "b", "c"), name: new Uint8Array(0) });
		expect(new Set([t1, t2, t3]).size).toBe(3);
	});
});

describe("isPrefixOf", () => {
	it("matches whole fields only (the draft's foo / foobar example)", () => {
		expect(isPrefixOf(ns("foo"), ns("foo", "bar"))).toBe(true);
		expect(isPrefixOf(ns("foo", "bar"), ns("foo", "bar"))).toBe(true);
		expect(isPrefixOf(ns("foobar"), ns("foo", "bar"))).toBe(false);
		expect(isPrefixOf(ns("foo"), ns("foobar"))).toBe(false);
		expect(isPrefixOf(ns("foo", "bar"), ns("foo"))).toBe(false);
		expect(isPrefixOf([], ns("anything"))).toBe(true);
	});
});

describe("namespaceProblem", () => {
	it("accepts 0 to 32 non-empty fields up to 4096 bytes", () => {
		expect(namespaceProblem([])).toBeUndefined();
		expect(namespaceProblem(Array.from({ length: 32 }, () => bytes("x")))).toBeUndefined();
		expect(namespaceProblem([new Uint8Array(4096)])).toBeUndefined();
	});

	it("rejects 33 fields, an empty field and 4097 bytes", () => {
		expect(namespaceProblem(Array.from({ length: 33 }, () => bytes("x")))).toMatch(/32 fields/);
		expect(namespaceProblem([bytes("a"), new Uint8Array(0)])).toMatch(/empty/);
		expect(namespaceProblem([new Uint8Array(2048), new Uint8Array(2049)])).toMatch(/4096 bytes/);
	});
});

describe("formatting (draft-19 §1.5)", () => {
	it("renders the draft's example", () => {
		const track = { namespace: ns("example.net", "team2", "project_x"), name: bytes("report") };
		expect(formatFullTrackName(track)).toBe("example.2enet-team2-project_x--report");
	});

	it("escapes every byte outside a-z A-Z 0-9 _ as lower-case hex", () => {
		expect(formatNamespace([new Uint8Array([0x00, 0x2d, 0xff, 0x41])])).toBe(".00.2d.ffA");
	});
});

describe("fieldKey", () => {
	it("maps short and long fields byte for byte", () => {
		for (const length of [0, 1, 256, 257, 4096]) {
			const field = Uint8Array.from({ length }, (_, i) => (i * 37) % 256);
			const key = fieldKey(field);
			expect(key.length).toBe(length);
			expect(Array.from(key, (c: string) => c.charCodeAt(0))).toEqual(Array.from(field));
		}
	});
});
