import { describe, expect, it } from "vitest";
import { encodeTrackFileName, parseTrackFileName } from "./file-name.js";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("file name encoding (draft-jennings-moq-file-05 §3.2)", () => {
	it("encodes the draft's example: (Foo, b+r) / ex1 → Foo.b%2br-ex1", () => {
		expect(encodeTrackFileName({ trackNamespace: [ascii("Foo"), ascii("b+r")], trackName: ascii("ex1") })).toBe(
			"Foo.b%2br-ex1",
		);
	});

	it("appends +<first group> for a partial track", () => {
		const track = { trackNamespace: [ascii("Foo")], trackName: ascii("ex1") };
		expect(encodeTrackFileName(track, 123n)).toBe("Foo-ex1+123");
		expect(encodeTrackFileName(track, 2n ** 62n - 1n)).toBe("Foo-ex1+4611686018427387903");
	});

	it("escapes every byte outside 0-9 a-z A-Z in lower-case hex, separators included", () => {
		expect(
			encodeTrackFileName({
				trackNamespace: [Uint8Array.of(0x2e, 0x2d, 0x2b, 0x25, 0x00, 0xff)],
				trackName: ascii("a/B"),
			}),
		).toBe("%2e%2d%2b%25%00%ff-a%2fB");
	});

	it("parses back, with or without an extension and suffix", () => {
		expect(parseTrackFileName("Foo.b%2br-ex1")).toEqual({
			trackNamespace: [ascii("Foo"), ascii("b+r")],
			trackName: ascii("ex1"),
			firstGroup: undefined,
			extension: undefined,
		});
		expect(parseTrackFileName("Foo.b%2Br-ex1+123.moq")).toEqual({
			trackNamespace: [ascii("Foo"), ascii("b+r")],
			trackName: ascii("ex1"),
			firstGroup: 123n,
			extension: "moq",
		});
		expect(parseTrackFileName("-.dat")).toEqual({
			trackNamespace: [],
			trackName: new Uint8Array(0),
			firstGroup: undefined,
			extension: "dat",
		});
	});

	it("round-trips arbitrary bytes", () => {
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		const track = { trackNamespace: [all, ascii("x"), new Uint8Array(0), all.slice(100)], trackName: all.reverse() };
		expect(parseTrackFileName(`${encodeTrackFileName(track, 7n)}.moq`)).toEqual({
			...track,
			firstGroup: 7n,
			extension: "moq",
		});
	});

	it.each([
		["Foo", /exactly one "-"/],
		["a-b-c", /exactly one "-"/],
		["a-b+01", /does not end in/],
		["a-b+x", /does not end in/],
		["a-b.moq.dat", /does not end in/],
		["a%2-b", /"%" without two hex digits/],
		["a%zz-b", /"%" without two hex digits/],
		["a b-c", /has " ", which must be percent-encoded/],
	])("rejects %j", (name, message) => {
		expect(() => parseTrackFileName(name)).toThrow(expect.objectContaining({ code: "invalid-name" }));
		expect(() => parseTrackFileName(name)).toThrow(message);
	});
});
