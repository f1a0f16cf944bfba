import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { TokenAliasType } from "../types.js";
import type { Draft } from "../version.js";
import { type SubscribeNamespace, SubscribeOptions } from "./subscribe-namespace.js";

const bytes = (s: string) => new TextEncoder().encode(s);

function roundTrip(m: SubscribeNamespace, draft: Draft, hex: string): void {
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

describe("SUBSCRIBE_NAMESPACE", () => {
	it("draft-14 (0x11): Request ID, prefix, parameters", () => {
		roundTrip(
			{ type: "SUBSCRIBE_NAMESPACE", requestId: 2n, trackNamespacePrefix: [bytes("live")] },
			14,
			"11 0008 02 01046c697665 00",
		);
	});

	it("draft-16 (0x11): an empty prefix, Subscribe Options, FORWARD", () => {
		roundTrip(
			{
				type: "SUBSCRIBE_NAMESPACE",
				requestId: 2n,
				trackNamespacePrefix: [],
				subscribeOptions: SubscribeOptions.NAMESPACE,
				forward: false,
			},
			16,
			"11 0006 02 00 01 01 1000",
		);
	});

	it("draft-16 writes Subscribe Options BOTH when absent and its decoder sets it", () => {
		const m: SubscribeNamespace = { type: "SUBSCRIBE_NAMESPACE", requestId: 0n, trackNamespacePrefix: [bytes("a")] };
		const encoded = encodeControlMessage(m, 16);
		expect(toHex(encoded)).toBe("110006" + "00" + "010161" + "02" + "00");
		expect(decodeControlMessage(encoded, 16)).toEqual({
			kind: "ok",
			message: { ...m, subscribeOptions: SubscribeOptions.BOTH },
			consumed: 9,
		});
	});

	it("draft-18 (0x50, one vi64 byte): no Subscribe Options", () => {
		roundTrip(
			{
				type: "SUBSCRIBE_NAMESPACE",
				requestId: 4n,
				trackNamespacePrefix: [bytes("live")],
				authorizationTokens: [{ aliasType: TokenAliasType.USE_ALIAS, alias: 3n }],
			},
			18,
			"50 000c 04 01046c697665 01 03020203",
		);
	});

	it("draft-19 (0x50): an empty prefix means every namespace", () => {
		roundTrip({ type: "SUBSCRIBE_NAMESPACE", requestId: 6n, trackNamespacePrefix: [] }, 19, "50 0003 06 00 00");
	});

	it("uses each draft's type code", () => {
		expect(decodeError("50 0003 06 00 00", 16)).toBe("unknown-message");
		expect(decodeError("11 0004 02 00 02 00", 18)).toBe("unknown-message");
	});

	it("needs 1 to 32 prefix fields in draft-14, 0 to 32 later", () => {
		expect(decodeError("11 0003 02 00 00", 14)).toBe("invalid-value");
		expect(decodeError("11 0004 02 21 00 00", 16)).toBe("invalid-value");
		expect(decodeError("50 0003 02 21 00", 19)).toBe("invalid-value");
		const m: SubscribeNamespace = { type: "SUBSCRIBE_NAMESPACE", requestId: 0n, trackNamespacePrefix: [] };
		expect(() => encodeControlMessage(m, 14)).toThrow(/0 fields/);
	});

	it("rejects Subscribe Options above 2, and refuses them outside draft-16", () => {
		expect(decodeError("11 0004 02 00 03 00", 16)).toBe("invalid-value");
		const both: SubscribeNamespace = {
			type: "SUBSCRIBE_NAMESPACE",
			requestId: 0n,
			trackNamespacePrefix: [bytes("a")],
			subscribeOptions: SubscribeOptions.BOTH,
		};
		const bad = { ...both, subscribeOptions: 3 } as unknown as SubscribeNamespace;
		expect(() => encodeControlMessage(bad, 16)).toThrow(/Subscribe Options/);
		expect(() => encodeControlMessage(both, 14)).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(() => encodeControlMessage(both, 19)).toThrow(expect.objectContaining({ code: "unsupported" }));
	});

	it("accepts FORWARD only in draft-16; draft-14 ignores a parameter it does not allow", () => {
		const m: SubscribeNamespace = {
			type: "SUBSCRIBE_NAMESPACE",
			requestId: 0n,
			trackNamespacePrefix: [],
			forward: true,
		};
		expect(() => encodeControlMessage(m, 18)).toThrow(/cannot carry forward/);
		expect(decodeError("50 0005 04 00 01 1001", 18)).toBe("invalid-value");
		// draft-14 ignores a parameter the message does not allow: DELIVERY TIMEOUT (0x02) = 5.
		const d = decodeControlMessage(hexToBytes("11 0007 02 010161 01 0205"), 14);
		expect(d).toMatchObject({ kind: "ok", message: { trackNamespacePrefix: [bytes("a")] } });
		expect(d.kind === "ok" && "deliveryTimeout" in d.message).toBe(false);
	});

	it("rejects a body cut before Subscribe Options", () => {
		expect(decodeError("11 0002 02 00", 16)).toBe("malformed");
	});
});
