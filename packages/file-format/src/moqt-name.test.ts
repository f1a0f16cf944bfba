import { describe, expect, it } from "vitest";
import { formatMoqtName, parseMoqtName } from "./moqt-name.js";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("MoQT name rendering (draft-ietf-moq-transport-19 §Representing Namespace and Track Names)", () => {
	it("joins fields with - and the name with --, escaping with . and lower-case hex", () => {
		expect(
			formatMoqtName({ trackNamespace: [ascii("example.com"), ascii("live_1")], trackName: ascii("video-hd") }),
		).toBe("example.2ecom-live_1--video.2dhd");
	});

	it("round-trips every byte, empty fields and an empty namespace", () => {
		const all = Uint8Array.from({ length: 256 }, (_, i) => i);
		for (const track of [
			{ trackNamespace: [all, new Uint8Array(0), ascii("a")], trackName: all },
			{ trackNamespace: [ascii("a"), new Uint8Array(0)], trackName: ascii("b") },
			{ trackNamespace: [], trackName: ascii("b") },
			{ trackNamespace: [ascii("-")], trackName: new Uint8Array(0) },
		]) {
			expect(parseMoqtName(formatMoqtName(track))).toEqual(track);
		}
	});

	it.each([
		["abc", /no "--"/],
		["a--b.2", /without two lower-case hex digits/],
		["a--b.2D", /without two lower-case hex digits/],
		["a--.61", /escapes "a", which must appear as itself/],
		["a--.5f", /escapes "_"/],
		["a b--c", /has " ", which must be escaped/],
	])("rejects the non-canonical %j", (text, message) => {
		expect(() => parseMoqtName(text)).toThrow(message);
	});
});
