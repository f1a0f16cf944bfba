import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { RangeFilterKind } from "../filters.js";
import { GroupOrder, TokenAliasType } from "../types.js";
import type { Draft } from "../version.js";
import { type Fetch, FetchType } from "./fetch.js";

const bytes = (s: string) => new TextEncoder().encode(s);

const standalone: Fetch["fetchType"] = {
	type: FetchType.STANDALONE,
	trackNamespace: [bytes("live"), bytes("room")],
	trackName: bytes("video"),
	startLocation: { group: 1n, object: 0n },
	endLocation: { group: 3n, object: 0n },
};

/** Encodes `m`, checks the hex, and checks that decoding gives `m` back. */
function roundTrip(m: Fetch, draft: Draft, hex: string): void {
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

describe("FETCH", () => {
	it("draft-14 carries Subscriber Priority and Group Order as fields before the Fetch Type", () => {
		roundTrip(
			{
				type: "FETCH",
				requestId: 4n,
				subscriberPriority: 10,
				groupOrder: GroupOrder.DESCENDING,
				fetchType: standalone,
				authorizationTokens: [{ aliasType: TokenAliasType.USE_VALUE, tokenType: 0n, value: bytes("abc") }],
			},
			14,
			// id 04, prio 0a, order 02, type 01, ns, name, start {1,0}, end {3,0}, 1 param: 03 len 5 token
			"16 0021 04 0a 02 01 02046c69766504726f6f6d 05766964656f 0100 0300 01 0305 0300616263",
		);
	});

	it("draft-14 writes the defaults (priority 128, publisher's order) and its decoder sets them", () => {
		const m: Fetch = {
			type: "FETCH",
			requestId: 6n,
			fetchType: { type: FetchType.RELATIVE_JOINING, joiningRequestId: 2n, joiningStart: 3n },
		};
		const encoded = encodeControlMessage(m, 14);
		expect(toHex(encoded)).toBe("160007068000020203" + "00");
		expect(decodeControlMessage(encoded, 14)).toEqual({
			kind: "ok",
			message: { ...m, subscriberPriority: 128, groupOrder: GroupOrder.PUBLISHER },
			consumed: encoded.length,
		});
	});

	it("draft-16 moves priority and order into delta-encoded parameters", () => {
		roundTrip(
			{
				type: "FETCH",
				requestId: 8n,
				subscriberPriority: 5,
				groupOrder: GroupOrder.ASCENDING,
				fetchType: { type: FetchType.ABSOLUTE_JOINING, joiningRequestId: 4n, joiningStart: 100n },
			},
			16,
			// joining start 100 is a 2-byte QUIC varint; params 0x20 = 5, 0x22 (delta 2) = 1
			"16 000a 08 03 04 4064 02 2005 0201",
		);
	});

	it("draft-16 leaves out a Group Order of 0 (publisher's preference is the parameter's absence)", () => {
		const m: Fetch = { type: "FETCH", requestId: 0n, groupOrder: GroupOrder.PUBLISHER, fetchType: standalone };
		const encoded = encodeControlMessage(m, 16);
		expect(toHex(encoded)).toBe("160018000102046c69766504726f6f6d05766964656f0100030000");
		const d = decodeControlMessage(encoded, 16);
		expect(d).toEqual({ kind: "ok", message: { type: "FETCH", requestId: 0n, fetchType: standalone }, consumed: 27 });
	});

	it("draft-18 writes typed parameters: FILL_TIMEOUT varint, uint8 priority and order", () => {
		roundTrip(
			{
				type: "FETCH",
				requestId: 2n,
				fillTimeout: 500n,
				subscriberPriority: 200,
				groupOrder: GroupOrder.DESCENDING,
				fetchType: {
					...standalone,
					startLocation: { group: 10n, object: 0n },
					endLocation: { group: 12n, object: 0n },
				},
			},
			18,
			// 500 is the 2-byte vi64 81f4; deltas 0x0a, 0x16, 0x02
			"16 001f 02 01 02046c69766504726f6f6d 05766964656f 0a00 0c00 03 0a81f4 16c8 0202",
		);
	});

	it("draft-19 carries Range Filters and uses 1-byte vi64 up to 127", () => {
		roundTrip(
			{
				type: "FETCH",
				requestId: 10n,
				subscriberPriority: 1,
				rangeFilters: [{ kind: RangeFilterKind.OBJECT_ID, setId: 0, ranges: [{ start: 0n, end: 9n }] }],
				fetchType: { type: FetchType.RELATIVE_JOINING, joiningRequestId: 6n, joiningStart: 2n },
			},
			19,
			"16 000c 0a 02 06 02 02 2001 0603000009",
		);
		roundTrip(
			{
				type: "FETCH",
				requestId: 12n,
				fetchType: { type: FetchType.ABSOLUTE_JOINING, joiningRequestId: 4n, joiningStart: 100n },
			},
			19,
			"16 0005 0c 03 04 64 00",
		);
	});

	it("keeps End Location in the drafts' encoding (last Object + 1, Object 0 = whole group)", () => {
		const m: Fetch = {
			type: "FETCH",
			requestId: 0n,
			fetchType: { ...standalone, endLocation: { group: 3n, object: 5n } },
		};
		for (const draft of [14, 16, 18, 19] as const) {
			const d = decodeControlMessage(encodeControlMessage(m, draft), draft);
			expect(d.kind === "ok" && d.message.type === "FETCH" && d.message.fetchType).toMatchObject({
				endLocation: { group: 3n, object: 5n },
			});
		}
	});

	it("rejects an unknown Fetch Type in every draft", () => {
		expect(decodeError("16 0004 00 80 00 04", 14)).toBe("invalid-value");
		expect(decodeError("16 0003 00 00 00", 16)).toBe("invalid-value");
		expect(decodeError("16 0003 00 04 00", 18)).toBe("invalid-value");
		expect(decodeError("16 0003 00 00 00", 19)).toBe("invalid-value");
		const bad = { type: "FETCH", requestId: 0n, fetchType: { type: 4 } } as unknown as Fetch;
		expect(() => encodeControlMessage(bad, 16)).toThrow(/Fetch Type/);
	});

	it("rejects a draft-14 Group Order above 2", () => {
		expect(decodeError("16 0007 06 80 03 02 02 03 00", 14)).toBe("invalid-value");
		const m = { type: "FETCH", requestId: 0n, groupOrder: 3, fetchType: standalone } as unknown as Fetch;
		expect(() => encodeControlMessage(m, 14)).toThrow(/Group Order/);
	});

	it("rejects a priority that is not 8 bits", () => {
		expect(() =>
			encodeControlMessage({ type: "FETCH", requestId: 0n, subscriberPriority: 256, fetchType: standalone }, 14),
		).toThrow(/8-bit/);
	});

	it("rejects truncated and over-long bodies", () => {
		// Joining Fetch without its Joining Start.
		expect(decodeError("16 0003 00 02 04", 16)).toBe("malformed");
		// draft-14 body that ends after the Subscriber Priority.
		expect(decodeError("16 0002 00 80", 14)).toBe("malformed");
		expect(decodeError("16 0006 00 02 04 03 00 ff", 16)).toBe("trailing-bytes");
	});

	it("applies the namespace and Full Track Name limits to a Standalone Fetch", () => {
		// 33 namespace fields.
		expect(decodeError("16 0003 00 01 21", 16)).toBe("invalid-value");
		const name = new Uint8Array(4096 - 8 + 1);
		const m: Fetch = { type: "FETCH", requestId: 0n, fetchType: { ...standalone, trackName: name } };
		expect(() => encodeControlMessage(m, 16)).toThrow(/Full Track Name/);
	});

	it("refuses parameters FETCH cannot carry in the draft", () => {
		const m: Fetch = { type: "FETCH", requestId: 0n, fillTimeout: 5n, fetchType: standalone };
		expect(() => encodeControlMessage(m, 16)).toThrow(/cannot carry fillTimeout/);
		expect(() => encodeControlMessage({ ...m, fillTimeout: undefined, forward: false }, 19)).toThrow(/cannot carry/);
		// FORWARD (0x10) in a draft-18 FETCH is a PROTOCOL_VIOLATION (typed parameters).
		expect(decodeError("16 0007 00 02 04 03 01 1000", 18)).toBe("invalid-value");
	});
});
