import { describe, expect, it } from "vitest";
import { decodeBase64, encodeBase64Url } from "./base64.js";

const ascii = (s: string) => new TextEncoder().encode(s);

/** A deterministic byte source, so failures reproduce. */
function bytes(length: number, seed: number): Uint8Array {
	const out = new Uint8Array(length);
	let x = seed;
	for (let i = 0; i < length; i++) {
		x = (x * 1103515245 + 12345) >>> 0;
		out[i] = x >>> 24;
	}
	return out;
}

describe("base64url (draft-jennings-moq-file-05 §3.1, RFC 4648 §5)", () => {
	// RFC 4648 §10 test vectors, without their padding.
	const vectors: [string, string][] = [
		["", ""],
		["f", "Zg"],
		["fo", "Zm8"],
		["foo", "Zm9v"],
		["foob", "Zm9vYg"],
		["fooba", "Zm9vYmE"],
		["foobar", "Zm9vYmFy"],
	];
	it.each(vectors)("encodes %j as %j, unpadded", (plain, encoded) => {
		expect(encodeBase64Url(ascii(plain))).toBe(encoded);
		expect(decodeBase64(encoded)).toEqual(ascii(plain));
	});

	it("uses the URL-safe alphabet", () => {
		expect(encodeBase64Url(Uint8Array.of(0xfb, 0xff, 0xbf))).toBe("-_-_");
		expect(encodeBase64Url(Uint8Array.of(0xfb, 0xff))).toBe("-_8");
	});

	it("round-trips every length up to 64 bytes", () => {
		for (let n = 0; n <= 64; n++) {
			const b = bytes(n, n + 1);
			const text = encodeBase64Url(b);
			expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
			expect(decodeBase64(text)).toEqual(b);
		}
	});
});

describe("tolerant base64 decoding", () => {
	it("accepts padding, the standard alphabet, and white space", () => {
		expect(decodeBase64("Zm9vYg==")).toEqual(ascii("foob"));
		expect(decodeBase64("+/+/")).toEqual(Uint8Array.of(0xfb, 0xff, 0xbf));
		expect(decodeBase64("-_+/")).toEqual(Uint8Array.of(0xfb, 0xff, 0xbf));
		expect(decodeBase64(" Zm9v\nYmFy\r\n")).toEqual(ascii("foobar"));
	});

	it("reads the draft examples' padded values", () => {
		// -05 §6.1: the namespace fields end in a newline.
		expect(decodeBase64("bW9xLXRpbWUuYXJwYQo=")).toEqual(ascii("moq-time.arpa\n"));
		expect(decodeBase64("dGltZS12MQo=")).toEqual(ascii("time-v1\n"));
		// -00 §6.1 pads 38 characters with one "=" where "==" belongs.
		expect(decodeBase64("bW9xOi8vbW9xLXRpbWUuYXJwYS90aW1lLXYxLw=")).toEqual(ascii("moq://moq-time.arpa/time-v1/"));
	});

	it.each([
		["Zm9v!", /character "!"/],
		["Z", /cannot encode whole bytes/],
		["Zm9vY", /cannot encode whole bytes/],
		["Zg=a", /data after "=" padding/],
		["Zg===", /3 "=" characters/],
		["Zm9vé", /character "é"/],
	])("rejects %j", (text, message) => {
		const result = decodeBase64(text);
		expect(typeof result).toBe("string");
		expect(result).toMatch(message);
	});
});
