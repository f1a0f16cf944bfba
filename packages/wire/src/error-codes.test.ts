import { describe, expect, it } from "vitest";
import {
	FetchErrorCode,
	PublishDoneCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	RequestErrorCode,
	StreamResetCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
} from "./error-codes.js";

const TABLES: Record<string, Record<string, number>> = {
	SubscribeErrorCode,
	PublishErrorCode,
	FetchErrorCode,
	PublishNamespaceErrorCode,
	SubscribeNamespaceErrorCode,
	...Object.fromEntries(Object.entries(RequestErrorCode).map(([d, t]) => [`RequestErrorCode[${d}]`, t])),
	...Object.fromEntries(Object.entries(PublishDoneCode).map(([d, t]) => [`PublishDoneCode[${d}]`, t])),
	...Object.fromEntries(Object.entries(StreamResetCode).map(([d, t]) => [`StreamResetCode[${d}]`, t])),
};

describe("error code tables", () => {
	it.each(Object.entries(TABLES))("%s gives every name its own code", (_, table) => {
		const codes = Object.values(table);
		expect(new Set(codes).size).toBe(codes.length);
		for (const code of codes) expect(Number.isInteger(code) && code >= 0).toBe(true);
	});
	it("covers the drafts that define each table", () => {
		expect(Object.keys(RequestErrorCode)).toEqual(["16", "18", "19"]);
		expect(Object.keys(PublishDoneCode)).toEqual(["14", "16", "18", "19"]);
		expect(Object.keys(StreamResetCode)).toEqual(["14", "16", "18", "19"]);
	});
	it("moved the auth-token request codes after draft-14", () => {
		expect(SubscribeErrorCode.MALFORMED_AUTH_TOKEN).toBe(0x10);
		expect(SubscribeErrorCode.EXPIRED_AUTH_TOKEN).toBe(0x12);
		for (const d of [16, 18, 19] as const) {
			expect(RequestErrorCode[d].MALFORMED_AUTH_TOKEN).toBe(0x4);
			expect(RequestErrorCode[d].EXPIRED_AUTH_TOKEN).toBe(0x5);
			expect(RequestErrorCode[d].DOES_NOT_EXIST).toBe(0x10);
		}
	});
	it("swapped EXPIRED and TOO_FAR_BEHIND in draft-18 and moved MALFORMED_TRACK in draft-16", () => {
		expect([PublishDoneCode[14].EXPIRED, PublishDoneCode[14].TOO_FAR_BEHIND]).toEqual([0x5, 0x6]);
		expect([PublishDoneCode[16].EXPIRED, PublishDoneCode[16].TOO_FAR_BEHIND]).toEqual([0x5, 0x6]);
		expect([PublishDoneCode[18].EXPIRED, PublishDoneCode[18].TOO_FAR_BEHIND]).toEqual([0x6, 0x5]);
		expect([PublishDoneCode[19].EXPIRED, PublishDoneCode[19].TOO_FAR_BEHIND]).toEqual([0x6, 0x5]);
		expect(PublishDoneCode[14].MALFORMED_TRACK).toBe(0x7);
		expect(PublishDoneCode[16].MALFORMED_TRACK).toBe(0x12);
		expect("UPDATE_FAILED" in PublishDoneCode[14]).toBe(false);
	});
	it("added REDIRECT in draft-18 and filter codes in -19, dropping DUPLICATE_SUBSCRIPTION", () => {
		expect("REDIRECT" in RequestErrorCode[16]).toBe(false);
		expect(RequestErrorCode[18].REDIRECT).toBe(0x34);
		expect(RequestErrorCode[19].REDIRECT).toBe(0x34);
		expect(RequestErrorCode[18].DUPLICATE_SUBSCRIPTION).toBe(0x19);
		expect("DUPLICATE_SUBSCRIPTION" in RequestErrorCode[19]).toBe(false);
		expect([RequestErrorCode[19].CONFLICTING_FILTERS, RequestErrorCode[19].INVALID_FILTER]).toEqual([0x35, 0x36]);
	});
	it("moved UNKNOWN_OBJECT_STATUS from 0x4 to 0x6 in draft-18's stream reset codes", () => {
		expect(StreamResetCode[16].UNKNOWN_OBJECT_STATUS).toBe(0x4);
		expect(StreamResetCode[18].UNKNOWN_OBJECT_STATUS).toBe(0x6);
		expect(StreamResetCode[18].GOING_AWAY).toBe(0x4);
		expect(Object.keys(StreamResetCode[14])).toEqual([
			"INTERNAL_ERROR",
			"CANCELLED",
			"DELIVERY_TIMEOUT",
			"SESSION_CLOSED",
		]);
	});
});
