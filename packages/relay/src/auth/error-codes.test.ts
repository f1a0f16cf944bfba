import { describe, expect, it } from "vitest";
import { AuthRequest, actionOf, authErrorCode } from "./error-codes.js";

describe("auth error codes per draft", () => {
	it("use draft-14's per-message tables", () => {
		expect(authErrorCode("UNAUTHORIZED", AuthRequest.SUBSCRIBE, 14)).toBe(0x1);
		expect(authErrorCode("MALFORMED_AUTH_TOKEN", AuthRequest.SUBSCRIBE, 14)).toBe(0x10);
		expect(authErrorCode("EXPIRED_AUTH_TOKEN", AuthRequest.FETCH, 14)).toBe(0x12);
		expect(authErrorCode("EXPIRED_AUTH_TOKEN", AuthRequest.PUBLISH_NAMESPACE, 14)).toBe(0x12);
		expect(authErrorCode("MALFORMED_AUTH_TOKEN", AuthRequest.SUBSCRIBE_NAMESPACE, 14)).toBe(0x10);
		expect(authErrorCode("EXPIRED_AUTH_TOKEN", AuthRequest.TRACK_STATUS, 14)).toBe(0x12);
	});

	it("fall back to UNAUTHORIZED where draft-14's PUBLISH_ERROR has no token codes", () => {
		expect(authErrorCode("EXPIRED_AUTH_TOKEN", AuthRequest.PUBLISH, 14)).toBe(0x1);
		expect(authErrorCode("MALFORMED_AUTH_TOKEN", AuthRequest.PUBLISH, 14)).toBe(0x1);
	});

	it("use REQUEST_ERROR from draft-16 on", () => {
		for (const draft of [16, 18, 19] as const) {
			expect(authErrorCode("UNAUTHORIZED", AuthRequest.PUBLISH, draft)).toBe(0x1);
			expect(authErrorCode("MALFORMED_AUTH_TOKEN", AuthRequest.SUBSCRIBE_TRACKS, draft)).toBe(0x4);
			expect(authErrorCode("EXPIRED_AUTH_TOKEN", AuthRequest.FETCH, draft)).toBe(0x5);
		}
	});

	it("map requests to publish or subscribe", () => {
		expect(actionOf(AuthRequest.PUBLISH)).toBe("publish");
		expect(actionOf(AuthRequest.PUBLISH_NAMESPACE)).toBe("publish");
		for (const r of ["SUBSCRIBE", "FETCH", "TRACK_STATUS", "SUBSCRIBE_NAMESPACE", "SUBSCRIBE_TRACKS"] as const) {
			expect(actionOf(r)).toBe("subscribe");
		}
	});
});
