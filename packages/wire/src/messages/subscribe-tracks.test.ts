import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { RangeFilterKind } from "../filters.js";
import { FilterType, GroupOrder } from "../types.js";
import type { Draft } from "../version.js";
import type { SubscribeTracks } from "./subscribe-tracks.js";

const bytes = (s: string) => new TextEncoder().encode(s);

function roundTrip(m: SubscribeTracks, draft: Draft, hex: string): void {
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

describe("SUBSCRIBE_TRACKS", () => {
	it("draft-18 (0x51): Request ID, prefix, FORWARD", () => {
		roundTrip(
			{ type: "SUBSCRIBE_TRACKS", requestId: 8n, trackNamespacePrefix: [bytes("live")], forward: false },
			18,
			"51 000a 08 01046c697665 01 1000",
		);
	});

	it("draft-19: SUBSCRIBE's parameters, GROUP_ORDER and a TRACK_PROPERTY_FILTER", () => {
		roundTrip(
			{
				type: "SUBSCRIBE_TRACKS",
				requestId: 10n,
				trackNamespacePrefix: [],
				subscriberPriority: 64,
				groupOrder: GroupOrder.ASCENDING,
				rangeFilters: [
					{ kind: RangeFilterKind.TRACK_PROPERTY, setId: 0, propertyType: 0x30n, ranges: [{ start: 1n, end: 1n }] },
				],
			},
			19,
			// 0x20 = 64, 0x22 (delta 2) = 1, 0x29 (delta 7): length 4, SetID 0, type 0x30, [1, 1]
			"51 000d 0a 00 03 2040 0201 07 04 00300100",
		);
	});

	it("draft-19 accepts every SUBSCRIBE parameter (-19 'Parameters on SUBSCRIBE_TRACKS')", () => {
		const m: SubscribeTracks = {
			type: "SUBSCRIBE_TRACKS",
			requestId: 2n,
			trackNamespacePrefix: [bytes("a")],
			deliveryTimeout: 1n,
			rendezvousTimeout: 2n,
			subgroupDeliveryTimeout: 3n,
			subscriptionFilter: { type: FilterType.NEXT_GROUP_START },
			newGroupRequest: 0n,
		};
		const encoded = encodeControlMessage(m, 19);
		expect(decodeControlMessage(encoded, 19)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
		// draft-18 lists only AUTHORIZATION TOKEN and FORWARD for SUBSCRIBE_TRACKS.
		expect(() => encodeControlMessage(m, 18)).toThrow(expect.objectContaining({ code: "unsupported" }));
		expect(decodeError("51 0005 0a 00 01 2040", 18)).toBe("invalid-value");
		expect(decodeError("51 0005 0a 00 01 2201", 18)).toBe("invalid-value");
	});

	it("does not exist before draft-17", () => {
		const m: SubscribeTracks = { type: "SUBSCRIBE_TRACKS", requestId: 0n, trackNamespacePrefix: [] };
		expect(() => encodeControlMessage(m, 16)).toThrow(/no SUBSCRIBE_TRACKS/);
		expect(decodeError("51 0003 00 00 00", 16)).toBe("unknown-message");
	});

	it("rejects an over-long prefix, a bad GROUP_ORDER and a truncated body", () => {
		expect(decodeError("51 0003 00 21 00", 19)).toBe("invalid-value");
		expect(decodeError("51 0005 00 00 01 2203", 19)).toBe("invalid-value");
		expect(decodeError("51 0004 00 00 01 22", 19)).toBe("malformed");
		expect(decodeError("51 0004 00 00 00 00", 18)).toBe("trailing-bytes");
	});
});
