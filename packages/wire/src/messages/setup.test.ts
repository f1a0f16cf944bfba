import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { ControlMessage } from "./index.js";
import type { ClientSetup, ServerSetup, Setup } from "./setup.js";

const roundTrip = (m: ControlMessage, draft: 14 | 16 | 18 | 19) => {
	const bytes = encodeControlMessage(m, draft);
	expect(decodeControlMessage(bytes, draft)).toEqual({ kind: "ok", message: m, consumed: bytes.length });
	return toHex(bytes);
};

const decodeError = (hex: string, draft: 14 | 16 | 18 | 19) => {
	const d = decodeControlMessage(hexToBytes(hex), draft);
	if (d.kind !== "error") throw new Error(`expected an error, got ${d.kind}`);
	return d.error;
};

describe("CLIENT_SETUP", () => {
	it("draft-14 lists Supported Versions before the parameters", () => {
		const m: ClientSetup = { type: "CLIENT_SETUP", supportedVersions: [0xff00000e], path: "/" };
		// 20, length 0d, 1 version (8-byte varint), 1 parameter: PATH "/"
		expect(roundTrip(m, 14)).toBe("20000d" + "01" + "c0000000ff00000e" + "01" + "01012f");
	});
	it("draft-14 offers draft-14 when no versions are given", () => {
		const bytes = encodeControlMessage({ type: "CLIENT_SETUP" }, 14);
		expect(toHex(bytes)).toBe("20000a01c0000000ff00000e00");
		const d = decodeControlMessage(bytes, 14);
		expect(d.kind === "ok" && d.message).toEqual({ type: "CLIENT_SETUP", supportedVersions: [0xff00000e] });
	});
	it("draft-14 accepts an empty version list (negotiation fails in the session, not here)", () => {
		expect(roundTrip({ type: "CLIENT_SETUP", supportedVersions: [] }, 14)).toBe("2000020000");
	});
	it("draft-16 has no versions: only the counted parameters", () => {
		expect(roundTrip({ type: "CLIENT_SETUP", maxRequestId: 0n }, 16)).toBe("200003" + "01" + "0200");
		expect(() => encodeControlMessage({ type: "CLIENT_SETUP", supportedVersions: [1] }, 16)).toThrow(/no versions/);
	});
	it("does not exist in draft-18 or -19", () => {
		expect(() => encodeControlMessage({ type: "CLIENT_SETUP" }, 18)).toThrow(/no CLIENT_SETUP/);
		expect(decodeError("20000100", 19).code).toBe("unknown-message");
	});
	it("rejects a version count larger than the message", () => {
		const e = decodeError("200002" + "05" + "01", 14);
		expect(e.code).toBe("malformed");
		expect(e.offset).toBe(3);
	});
	it("rejects a version that is not 32-bit on encode", () => {
		expect(() => encodeControlMessage({ type: "CLIENT_SETUP", supportedVersions: [2 ** 32] }, 14)).toThrow(/32-bit/);
	});
	it("rejects a version cut short by the message length", () => {
		expect(decodeError("200003" + "01" + "c000", 14).code).toBe("malformed");
	});
});

describe("SERVER_SETUP", () => {
	it("draft-14 carries the Selected Version first", () => {
		const m: ServerSetup = { type: "SERVER_SETUP", selectedVersion: 0xff00000e, maxAuthTokenCacheSize: 0n };
		expect(roundTrip(m, 14)).toBe("21000b" + "c0000000ff00000e" + "01" + "0400");
	});
	it("draft-14 selects draft-14 when no version is given", () => {
		expect(toHex(encodeControlMessage({ type: "SERVER_SETUP" }, 14))).toBe("210009c0000000ff00000e00");
	});
	it("draft-16 has no version", () => {
		expect(roundTrip({ type: "SERVER_SETUP" }, 16)).toBe("21000100");
		expect(() => encodeControlMessage({ type: "SERVER_SETUP", selectedVersion: 1 }, 16)).toThrow(/no version/);
	});
	it("rejects a missing parameter count", () => {
		expect(decodeError("210000", 16).code).toBe("malformed");
	});
});

describe("SETUP", () => {
	it("draft-18 and -19 use the 2-byte vi64 type 0x2F00 and no option count", () => {
		const m: Setup = { type: "SETUP", implementation: "x" };
		expect(roundTrip(m, 18)).toBe("af00" + "0003" + "07" + "01" + "78");
		expect(roundTrip(m, 19)).toBe("af00" + "0003" + "07" + "01" + "78");
	});
	it("does not exist before draft-17", () => {
		expect(() => encodeControlMessage({ type: "SETUP" }, 16)).toThrow(/no SETUP/);
		// 0xaf00 is not even a valid 2-byte QUIC varint prefix for 0x2F00 (that would be 6f00).
		expect(decodeError("6f000000", 16).code).toBe("unknown-message");
	});
	it("reads options up to the message length, however many", () => {
		const options = Array.from({ length: 40 }, (_, i) => ({ type: 0x9dn + 0x7fn * BigInt(i), value: BigInt(i) }));
		const m: Setup = { type: "SETUP", unknown: options.filter((o) => (o.type & 1n) === 0n) };
		roundTrip(m, 19);
	});
});
