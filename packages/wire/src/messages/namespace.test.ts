import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { Draft } from "../version.js";
import type { Namespace, NamespaceDone } from "./namespace.js";

const bytes = (s: string) => new TextEncoder().encode(s);

function roundTrip(m: Namespace | NamespaceDone, draft: Draft, hex: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(hex.replace(/\s+/g, ""));
	expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
}

function decodeError(hex: string, draft: Draft): string {
	const d = decodeControlMessage(hexToBytes(hex), draft);
	if (d.kind !== "error") throw new Error(`expected an error, got ${d.kind}`);
	return d.error.code;
}

describe("NAMESPACE and NAMESPACE_DONE", () => {
	it("carry a Track Namespace Suffix in drafts 16, 18 and 19", () => {
		roundTrip({ type: "NAMESPACE", trackNamespaceSuffix: [bytes("room")] }, 16, "08 0006 01 04726f6f6d");
		roundTrip({ type: "NAMESPACE", trackNamespaceSuffix: [bytes("a"), bytes("b")] }, 19, "08 0005 02 0161 0162");
		roundTrip({ type: "NAMESPACE_DONE", trackNamespaceSuffix: [bytes("room")] }, 18, "0e 0006 01 04726f6f6d");
		roundTrip(
			{ type: "NAMESPACE_DONE", trackNamespaceSuffix: [bytes("live"), bytes("room")] },
			19,
			"0e 000b 02 046c697665 04726f6f6d",
		);
	});

	it("allow an empty suffix (a namespace equal to the prefix), in draft-16 too", () => {
		roundTrip({ type: "NAMESPACE", trackNamespaceSuffix: [] }, 16, "08 0001 00");
		roundTrip({ type: "NAMESPACE", trackNamespaceSuffix: [] }, 18, "08 0001 00");
		roundTrip({ type: "NAMESPACE_DONE", trackNamespaceSuffix: [] }, 16, "0e 0001 00");
	});

	it("are other messages in draft-14 (0x8 and 0xE), and NAMESPACE cannot be encoded there", () => {
		expect(() => encodeControlMessage({ type: "NAMESPACE", trackNamespaceSuffix: [] }, 14)).toThrow(/no NAMESPACE/);
		expect(() => encodeControlMessage({ type: "NAMESPACE_DONE", trackNamespaceSuffix: [] }, 14)).toThrow(
			/no NAMESPACE_DONE/,
		);
	});

	it("reject more than 32 fields, empty fields and fields past the message", () => {
		expect(decodeError("08 0001 21", 16)).toBe("invalid-value");
		expect(decodeError("0e 0002 01 00", 19)).toBe("invalid-value");
		expect(decodeError("08 0003 01 0561", 18)).toBe("malformed");
		expect(decodeError("0e 0002 00 00", 16)).toBe("trailing-bytes");
		const many = Array.from({ length: 33 }, () => bytes("x"));
		expect(() => encodeControlMessage({ type: "NAMESPACE", trackNamespaceSuffix: many }, 19)).toThrow(/33 fields/);
	});
});
