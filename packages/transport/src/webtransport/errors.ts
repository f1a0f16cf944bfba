/**
 * Translation between W3C WebTransport stream errors and {@link StreamError}
 * (W3C WebTransport §"WebTransportError"; draft-ietf-webtrans-http3 §4.4 and
 * draft-ietf-webtrans-http2 §6.3–§6.4 for RESET_STREAM / STOP_SENDING codes).
 *
 * Browsers report the peer's code in `WebTransportError.streamErrorCode`, and `source: "session"`
 * when the session ended. `@fails-components/webtransport` 1.6.8 has neither: it only puts the
 * code in the message ("Resetstream with code:N", "StopSending with code:N", "Session closed …"),
 * so those messages are parsed too.
 *
 * @module
 */

import { StreamError } from "../errors.js";

/** Which half of a stream failed: a failed read means a reset, a failed write STOP_SENDING. */
export type StreamSide = "read" | "write";

interface ErrorFields {
	readonly source?: unknown;
	readonly streamErrorCode?: unknown;
	readonly message?: unknown;
}

const FAILS_CODE = /^(Resetstream|StopSending) with code:(\d+)$/;
const FAILS_SESSION_CLOSED = /^Session closed\b/;

/**
 * Maps an error from a WebTransport stream to a StreamError. `sessionEnded` tells whether the
 * session is known to be over, in which case any unrecognised error means "session-closed".
 */
export function toStreamError(error: unknown, side: StreamSide, sessionEnded: boolean): StreamError {
	if (StreamError.isInstance(error)) return error;
	const fields = (typeof error === "object" && error !== null ? error : {}) as ErrorFields;
	const message = typeof fields.message === "string" ? fields.message : String(error);
	if (fields.source === "session" || FAILS_SESSION_CLOSED.test(message)) {
		return new StreamError("session-closed", undefined, message);
	}
	const kind = side === "read" ? "reset" : "stop-sending";
	if (typeof fields.streamErrorCode === "number") return new StreamError(kind, fields.streamErrorCode);
	const fails = FAILS_CODE.exec(message);
	if (fails) return new StreamError(fails[1] === "Resetstream" ? "reset" : "stop-sending", Number(fails[2]));
	if (sessionEnded) return new StreamError("session-closed", undefined, message);
	return new StreamError(kind, undefined, message);
}

interface WebTransportErrorConstructor {
	new (message?: unknown, init?: { streamErrorCode?: number }): Error & { readonly streamErrorCode?: number | null };
}

/**
 * The reason to pass to `writable.abort()` / `readable.cancel()` so that `code` goes out in
 * RESET_STREAM / STOP_SENDING: a `WebTransportError` with `streamErrorCode` where the platform has
 * one, and a `code` property, which is where fails-components looks (it clamps to 0–255).
 *
 * Platforms differ on the constructor: the W3C draft's is `(message, { streamErrorCode })`,
 * Chromium's (as of 156) takes one `{ message, streamErrorCode }` dictionary and throws a
 * TypeError for a string. Both are tried; the one that keeps the code wins.
 */
export function abortReason(code: number): Error {
	const message = `stream error code ${code}`;
	const Ctor = (globalThis as { WebTransportError?: WebTransportErrorConstructor }).WebTransportError;
	const platform = Ctor === undefined ? undefined : platformError(Ctor, message, code);
	const reason = platform ?? Object.defineProperty(new Error(message), "streamErrorCode", { value: code });
	Object.defineProperty(reason, "code", { value: code });
	return reason;
}

function platformError(Ctor: WebTransportErrorConstructor, message: string, code: number): Error | undefined {
	const attempts = [
		() => new Ctor({ message, streamErrorCode: code }),
		() => new Ctor(message, { streamErrorCode: code }),
	];
	for (const attempt of attempts) {
		try {
			const error = attempt();
			if (error.streamErrorCode === code) return error;
		} catch {
			// This platform's constructor takes the other form.
		}
	}
	return undefined;
}
