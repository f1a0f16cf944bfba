import { describe, expect, it } from "vitest";
import {
	httpCodeToWebTransport,
	isReservedH3Code,
	WT_APPLICATION_ERROR_FIRST,
	WT_APPLICATION_ERROR_LAST,
	webTransportCodeToHttp,
} from "./error-mapping.js";
import { seededRandom } from "./test-helpers.js";

describe("WebTransport application error codes (draft-ietf-webtrans-http3 §Resetting Data Streams)", () => {
	it("maps the ends of the 32-bit range to the ends of the HTTP/3 range", () => {
		expect(webTransportCodeToHttp(0)).toBe(0x52e4a40fa8db);
		expect(webTransportCodeToHttp(0xffffffff)).toBe(0x52e5ac983162);
		expect(httpCodeToWebTransport(0x52e4a40fa8db)).toBe(0);
		expect(httpCodeToWebTransport(0x52e5ac983162)).toBe(0xffffffff);
		expect(httpCodeToWebTransport(0x52e5ac983162n)).toBe(0xffffffff);
	});
	it("skips the reserved codepoint after every 0x1e application codes", () => {
		// Codes 0..0x1d are contiguous; 0x1e jumps over the reserved first + 0x1e.
		expect(webTransportCodeToHttp(0x1d)).toBe(WT_APPLICATION_ERROR_FIRST + 0x1d);
		expect(isReservedH3Code(WT_APPLICATION_ERROR_FIRST + 0x1e)).toBe(true);
		expect(webTransportCodeToHttp(0x1e)).toBe(WT_APPLICATION_ERROR_FIRST + 0x1f);
		expect(httpCodeToWebTransport(WT_APPLICATION_ERROR_FIRST + 0x1e)).toBeUndefined();
		expect(httpCodeToWebTransport(WT_APPLICATION_ERROR_FIRST + 0x1f)).toBe(0x1e);
		expect(webTransportCodeToHttp(0x3b)).toBe(WT_APPLICATION_ERROR_FIRST + 0x3c);
		expect(webTransportCodeToHttp(0x3c)).toBe(WT_APPLICATION_ERROR_FIRST + 0x3e);
	});
	it("never maps an application code onto a reserved codepoint, and inverts exactly", () => {
		const rand = seededRandom(42);
		const codes = [0, 1, 0x1d, 0x1e, 0x1f, 0x3c, 0xfffffffe, 0xffffffff];
		for (let i = 0; i < 5000; i++) codes.push(rand(0x100000000));
		for (const code of codes) {
			const h = webTransportCodeToHttp(code);
			expect(isReservedH3Code(h)).toBe(false);
			expect(h).toBeGreaterThanOrEqual(WT_APPLICATION_ERROR_FIRST);
			expect(h).toBeLessThanOrEqual(WT_APPLICATION_ERROR_LAST);
			expect(httpCodeToWebTransport(h)).toBe(code);
		}
	});
	it("maps every HTTP/3 code in a stretch of the range to consecutive application codes", () => {
		let expected = 0;
		for (let h = WT_APPLICATION_ERROR_FIRST; h < WT_APPLICATION_ERROR_FIRST + 200; h++) {
			const code = httpCodeToWebTransport(h);
			if (isReservedH3Code(h)) {
				expect(code).toBeUndefined();
			} else {
				expect(code).toBe(expected++);
			}
		}
	});
	it("gives no application code outside the range", () => {
		expect(httpCodeToWebTransport(WT_APPLICATION_ERROR_FIRST - 1)).toBeUndefined();
		expect(httpCodeToWebTransport(WT_APPLICATION_ERROR_LAST + 1)).toBeUndefined();
		expect(httpCodeToWebTransport(0x100)).toBeUndefined();
		expect(httpCodeToWebTransport(0)).toBeUndefined();
	});
	it("refuses codes that are not 32-bit", () => {
		expect(() => webTransportCodeToHttp(-1)).toThrow(RangeError);
		expect(() => webTransportCodeToHttp(2 ** 32)).toThrow(RangeError);
		expect(() => webTransportCodeToHttp(1.5)).toThrow(RangeError);
	});
	it("recognises reserved HTTP/3 codes", () => {
		expect([0x21, 0x40, 0x5f, 0x20, 0x22].map(isReservedH3Code)).toEqual([true, true, true, false, false]);
	});
});
