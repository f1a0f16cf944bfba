import { afterEach, describe, expect, it, vi } from "vitest";
import { StreamError } from "../errors.js";
import { abortReason, toStreamError } from "./errors.js";

function browserError(fields: { source: string; streamErrorCode: number | null }): Error {
	return Object.assign(new Error("WebTransportError"), fields);
}

describe("toStreamError", () => {
	it("reads browser WebTransportErrors: the peer's code by side, session errors as session-closed", () => {
		expect(toStreamError(browserError({ source: "stream", streamErrorCode: 7 }), "read", false)).toMatchObject({
			kind: "reset",
			errorCode: 7,
		});
		expect(toStreamError(browserError({ source: "stream", streamErrorCode: 0 }), "write", false)).toMatchObject({
			kind: "stop-sending",
			errorCode: 0,
		});
		expect(toStreamError(browserError({ source: "session", streamErrorCode: null }), "read", false)).toMatchObject({
			kind: "session-closed",
		});
	});

	it("parses fails-components messages", () => {
		expect(toStreamError(new Error("Resetstream with code:42"), "read", false)).toMatchObject({
			kind: "reset",
			errorCode: 42,
		});
		expect(toStreamError(new Error("StopSending with code:255"), "write", false)).toMatchObject({
			kind: "stop-sending",
			errorCode: 255,
		});
		expect(
			toStreamError(new Error("Session closed (on process 1) with code 0 and reason "), "write", false),
		).toMatchObject({ kind: "session-closed" });
	});

	it("keeps StreamErrors, and reports unknown errors as session-closed once the session ended", () => {
		const own = new StreamError("local", 3);
		expect(toStreamError(own, "read", true)).toBe(own);
		expect(toStreamError(new TypeError("errored"), "read", true)).toMatchObject({ kind: "session-closed" });
		expect(toStreamError(new TypeError("errored"), "write", false)).toMatchObject({
			kind: "stop-sending",
			errorCode: undefined,
			message: "errored",
		});
	});
});

describe("abortReason", () => {
	afterEach(() => {
		vi.unstubAllGlobals();
	});

	it("carries the code as `code` and `streamErrorCode` without a platform WebTransportError", () => {
		const reason = abortReason(9) as Error & { code: number; streamErrorCode: number };
		expect([reason.code, reason.streamErrorCode]).toEqual([9, 9]);
	});

	it("uses the platform's WebTransportError where there is one", () => {
		class WebTransportError extends Error {
			readonly streamErrorCode: number | null;
			constructor(message?: string, init?: { streamErrorCode?: number }) {
				super(message);
				this.streamErrorCode = init?.streamErrorCode ?? null;
			}
		}
		vi.stubGlobal("WebTransportError", WebTransportError);
		const reason = abortReason(200) as WebTransportError & { code: number };
		expect(reason).toBeInstanceOf(WebTransportError);
		expect([reason.streamErrorCode, reason.code]).toEqual([200, 200]);
	});

	it("uses Chromium's WebTransportError, whose constructor takes one dictionary", () => {
		class WebTransportError extends Error {
			readonly streamErrorCode: number | null;
			constructor(init?: { message?: string; streamErrorCode?: number }) {
				if (typeof init !== "object") throw new TypeError("The provided value is not of type 'WebTransportErrorInit'");
				super(init.message);
				this.streamErrorCode = init.streamErrorCode ?? null;
			}
		}
		vi.stubGlobal("WebTransportError", WebTransportError);
		const reason = abortReason(33) as WebTransportError & { code: number };
		expect(reason).toBeInstanceOf(WebTransportError);
		expect([reason.streamErrorCode, reason.code, reason.message]).toEqual([33, 33, "stream error code 33"]);
	});
});
