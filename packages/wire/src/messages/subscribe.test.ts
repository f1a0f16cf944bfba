import { describe, expect, it } from "vitest";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { FilterType, GroupOrder } from "../types.js";
import type { Subscribe } from "./subscribe.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const toHex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

const base: Subscribe = {
	type: "SUBSCRIBE",
	requestId: 2n,
	trackNamespace: [bytes("live"), bytes("room")],
	trackName: bytes("video"),
};

describe("SUBSCRIBE", () => {
	it("draft-14 carries priority, order, forward and filter as fields", () => {
		const m: Subscribe = {
			...base,
			subscriberPriority: 7,
			groupOrder: GroupOrder.DESCENDING,
			forward: false,
			subscriptionFilter: { type: FilterType.ABSOLUTE_RANGE, start: { group: 5n, object: 1n }, endGroup: 9n },
			deliveryTimeout: 1500n,
		};
		const encoded = encodeControlMessage(m, 14);
		// type 03, length, request 02, ns (2 fields), name, prio 07, order 02, forward 00,
		// filter 04 {5,1} end 9, 1 param: type 02 value 1500 (0x45dc)
		expect(toHex(encoded)).toBe(
			"03001d" +
				"02" +
				"02046c697665" +
				"04726f6f6d" +
				"05766964656f" +
				"07" +
				"02" +
				"00" +
				"04" +
				"0501" +
				"09" +
				"01" +
				"02" +
				"45dc",
		);
		const d = decodeControlMessage(encoded, 14);
		expect(d).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("draft-16 moves them into delta-encoded parameters", () => {
		const m: Subscribe = { ...base, subscriberPriority: 7, forward: false, deliveryTimeout: 10n };
		const encoded = encodeControlMessage(m, 16);
		// params: 0x02 (delta 2) =10, 0x10 (delta 0x0e) =0, 0x20 (delta 0x10) =7
		expect(toHex(encoded.subarray(3 + 1 + 11 + 6))).toBe("03" + "020a" + "0e00" + "1007");
		expect(decodeControlMessage(encoded, 16)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("draft-18 writes typed values: uint8 priority, length-prefixed filter, End Group as a delta", () => {
		const m: Subscribe = {
			...base,
			subscriberPriority: 200,
			subscriptionFilter: { type: FilterType.ABSOLUTE_RANGE, start: { group: 100n, object: 0n }, endGroup: 103n },
		};
		const encoded = encodeControlMessage(m, 18);
		expect(toHex(encoded.subarray(3 + 1 + 11 + 6))).toBe("02" + "20c8" + "01" + "04" + "04" + "6400" + "03");
		expect(decodeControlMessage(encoded, 18)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
	});
	it("refuses a parameter the draft cannot carry", () => {
		expect(() => encodeControlMessage({ ...base, rendezvousTimeout: 5n }, 14)).toThrow(/cannot carry/);
		expect(encodeControlMessage({ ...base, rendezvousTimeout: 5n }, 19).length).toBeGreaterThan(0);
	});
	it("rejects an unknown parameter from draft-16 but ignores it in draft-14", () => {
		const m14 = encodeControlMessage({ ...base }, 14);
		// Replace "0 params" by one unknown even param 0x3a = 1.
		const patched = new Uint8Array([...m14.subarray(0, m14.length - 1), 0x01, 0x3a, 0x01]);
		patched[2] = (patched[2] ?? 0) + 2;
		const d14 = decodeControlMessage(patched, 14);
		expect(d14.kind).toBe("ok");
		const m16 = encodeControlMessage({ ...base }, 16);
		const p16 = new Uint8Array([...m16.subarray(0, m16.length - 1), 0x01, 0x3a, 0x01]);
		p16[2] = (p16[2] ?? 0) + 2;
		const d16 = decodeControlMessage(p16, 16);
		expect(d16.kind).toBe("error");
	});
});
