import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { decodeControlMessage, encodeControlMessage } from "../control.js";
import { FilterType, GroupOrder, TokenAliasType } from "../types.js";
import type { Draft } from "../version.js";
import type { TrackStatus } from "./track-status.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const base: TrackStatus = {
	type: "TRACK_STATUS",
	requestId: 2n,
	trackNamespace: [bytes("live"), bytes("room")],
	trackName: bytes("video"),
};
const NS = "02 04 6c697665 04 726f6f6d 05 766964656f";

function roundTrip(m: TrackStatus, draft: Draft, expected: string): void {
	const encoded = encodeControlMessage(m, draft);
	expect(toHex(encoded)).toBe(expected.replace(/\s+/g, ""));
	expect(decodeControlMessage(encoded, draft)).toEqual({ kind: "ok", message: m, consumed: encoded.length });
}

describe("TRACK_STATUS", () => {
	it("draft-14 has SUBSCRIBE's layout", () => {
		roundTrip(
			{
				...base,
				subscriberPriority: 1,
				groupOrder: GroupOrder.PUBLISHER,
				forward: true,
				subscriptionFilter: { type: FilterType.LARGEST_OBJECT },
				authorizationTokens: [{ aliasType: TokenAliasType.USE_ALIAS, alias: 5n }],
			},
			14,
			// priority 01, order 00, forward 01, filter 02, 1 param: 0x03 = [02: USE_ALIAS 5]
			`0d 001b 02 ${NS} 01 00 01 02 01 03 02 0205`,
		);
	});
	it("draft-16, -18 and -19 carry only parameters", () => {
		const token = { aliasType: TokenAliasType.USE_ALIAS, alias: 5n } as const;
		roundTrip({ ...base, authorizationTokens: [token] }, 16, `0d 0017 02 ${NS} 01 03 02 0205`);
		roundTrip(
			{ ...base, trackNamespace: [bytes("live")], trackName: bytes("a") },
			18,
			"0d 000a 02 01 04 6c697665 01 61 00",
		);
		roundTrip(
			{
				...base,
				trackNamespace: [bytes("live")],
				trackName: bytes("a"),
				authorizationTokens: [{ aliasType: TokenAliasType.REGISTER, alias: 1n, tokenType: 2n, value: bytes("k") }],
			},
			19,
			"0d 0010 02 01 04 6c697665 01 61 01 03 04 01 01 02 6b",
		);
	});
	it("leaves delivery parameters out from draft-16", () => {
		expect(() => encodeControlMessage({ ...base, subscriberPriority: 1 }, 16)).toThrow(
			expect.objectContaining({ code: "unsupported" }),
		);
		// SUBSCRIBER_PRIORITY (0x20) = 1: ignored by a draft-16 receiver, a violation from -17.
		const withPriority = `0d 0015 02 ${NS} 01 20 01`;
		expect(decodeControlMessage(hexToBytes(withPriority), 16)).toStrictEqual({
			kind: "ok",
			message: base,
			consumed: 24,
		});
		const priority19 = "0d 000b 02 01 04 6c697665 01 61 01 20 01";
		expect(decodeControlMessage(hexToBytes(priority19), 19)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
	});
	it("rejects invalid draft-14 fields and truncation", () => {
		expect(decodeControlMessage(hexToBytes(`0d 0017 02 ${NS} 01 03 01 02 00`), 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
		expect(decodeControlMessage(hexToBytes(`0d 0016 02 ${NS} 01 00 01 05`), 14)).toMatchObject({
			kind: "error",
			error: { code: "invalid-value" },
		});
		expect(decodeControlMessage(hexToBytes(`0d 0015 02 ${NS} 01 00 01`), 14)).toMatchObject({
			kind: "error",
			error: { code: "malformed" },
		});
	});
});
