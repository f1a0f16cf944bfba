import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import type { FetchCancel } from "./fetch-cancel.js";

describe("FETCH_CANCEL", () => {
	it("round-trips its Request ID in draft-14 and -16", () => {
		const m: FetchCancel = { type: "FETCH_CANCEL", requestId: 5n };
		const small = encodeControlMessage(m, 14);
		expect(toHex(small)).toBe("17000105");
		expect(decodeControlMessage(small, 14)).toEqual({ kind: "ok", message: m, consumed: 4 });
		const big: FetchCancel = { type: "FETCH_CANCEL", requestId: 256n };
		const encoded = encodeControlMessage(big, 16);
		expect(toHex(encoded)).toBe("1700024100");
		expect(decodeControlMessage(encoded, 16)).toEqual({ kind: "ok", message: big, consumed: 5 });
	});

	it("does not exist from draft-17: a stream reset cancels a FETCH", () => {
		expect(() => encodeControlMessage({ type: "FETCH_CANCEL", requestId: 5n }, 18)).toThrow(/no FETCH_CANCEL/);
		const d = decodeControlMessage(hexToBytes("17 0001 05"), 19);
		expect(d.kind === "error" && d.error.code).toBe("unknown-message");
	});

	it("rejects an empty body and trailing bytes", () => {
		const empty = decodeControlMessage(hexToBytes("17 0000"), 14);
		expect(empty.kind === "error" && empty.error.code).toBe("malformed");
		const trailing = decodeControlMessage(hexToBytes("17 0002 05 00"), 16);
		expect(trailing.kind === "error" && trailing.error.code).toBe("trailing-bytes");
	});
});
