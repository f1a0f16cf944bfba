import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { TokenAliasType } from "../types.js";
import type { Draft } from "../version.js";
import type { PublishNamespace } from "./publish-namespace.js";

const bytes = (s: string) => new TextEncoder().encode(s);

function roundTrip(m: PublishNamespace, draft: Draft, hex: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(hex.replace(/\s+/g, ""));
	expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
}

/** Decodes hand-written bytes (1-byte type, then a length that must match) and returns the error code. */
function decodeError(hex: string, draft: Draft): string {
	const b = hexToBytes(hex);
	expect((b[1]! << 8) | b[2]!).toBe(b.length - 3);
	const d = decodeControlMessage(b, draft);
	if (d.kind !== "error") throw new Error(`expected an error, got ${d.kind}`);
	return d.error.code;
}

describe("PUBLISH_NAMESPACE", () => {
	it("draft-14: Request ID, namespace, AUTHORIZATION TOKEN as a key-value pair", () => {
		roundTrip(
			{
				type: "PUBLISH_NAMESPACE",
				requestId: 1n,
				trackNamespace: [bytes("live"), bytes("room")],
				authorizationTokens: [{ aliasType: TokenAliasType.USE_ALIAS, alias: 7n }],
			},
			14,
			"06 0011 01 02046c69766504726f6f6d 01 03020207",
		);
	});

	it("draft-16: the same layout", () => {
		roundTrip({ type: "PUBLISH_NAMESPACE", requestId: 3n, trackNamespace: [bytes("a")] }, 16, "06 0005 03 010161 00");
	});

	it("draft-18 accepts a namespace of zero fields", () => {
		roundTrip({ type: "PUBLISH_NAMESPACE", requestId: 5n, trackNamespace: [] }, 18, "06 0003 05 00 00");
	});

	it("draft-19: length-prefixed Token parameter", () => {
		roundTrip(
			{
				type: "PUBLISH_NAMESPACE",
				requestId: 7n,
				trackNamespace: [bytes("live")],
				authorizationTokens: [
					{ aliasType: TokenAliasType.REGISTER, alias: 1n, tokenType: 2n, value: bytes("xy") },
					{ aliasType: TokenAliasType.USE_ALIAS, alias: 1n },
				],
			},
			19,
			// two tokens: REGISTER (5 bytes), then type delta 0, USE_ALIAS (2 bytes)
			"06 0013 07 01046c697665 02 0305 0101027879 0002 0201",
		);
	});

	it("needs at least one field up to draft-16, and non-empty fields from -16", () => {
		expect(decodeError("06 0003 01 00 00", 14)).toBe("invalid-value");
		expect(decodeError("06 0003 01 00 00", 16)).toBe("invalid-value");
		expect(decodeError("06 0004 03 01 00 00", 16)).toBe("invalid-value");
		expect(decodeError("06 0004 03 01 00 00", 19)).toBe("invalid-value");
		expect(() => encodeControlMessage({ type: "PUBLISH_NAMESPACE", requestId: 1n, trackNamespace: [] }, 16)).toThrow(
			/0 fields/,
		);
	});

	it("rejects a namespace over 32 fields or 4096 bytes", () => {
		expect(decodeError("06 0003 01 21 00", 18)).toBe("invalid-value");
		const big = [new Uint8Array(4000), new Uint8Array(97)];
		expect(() => encodeControlMessage({ type: "PUBLISH_NAMESPACE", requestId: 1n, trackNamespace: big }, 16)).toThrow(
			/length limit/,
		);
	});

	it("rejects a truncated Token and parameters PUBLISH_NAMESPACE cannot carry", () => {
		// Token parameter of length 1 holding only Alias Type REGISTER.
		const short = decodeControlMessage(hexToBytes("06 0008 07 01016c 01 0301 01"), 19);
		expect(short.kind === "error" && short.error).toMatchObject({ code: "malformed", terminationCode: 0x6 });
		expect(decodeError("06 0007 07 01016c 01 1001", 18)).toBe("invalid-value");
		expect(() =>
			encodeControlMessage(
				{ type: "PUBLISH_NAMESPACE", requestId: 1n, trackNamespace: [bytes("a")], forward: true },
				16,
			),
		).toThrow(/cannot carry forward/);
	});
});
