/**
 * How a case fails: a {@link TestFailure} carries what the case expected and what it received,
 * which become the `expected`, `received` and `message` fields of the test point's YAML block
 * (TEST-CLIENT-INTERFACE.md "Error Reporting"). Errors from the stack are described in the same
 * terms.
 *
 * @module
 */

import { RequestError, SessionError, TransportError } from "@moqt/client";

/** A case's failure, with what it expected and what happened instead. */
export class TestFailure extends Error {
	readonly expected: string | undefined;
	readonly received: string | undefined;

	constructor(
		message: string,
		details: { readonly expected?: string; readonly received?: string } = {},
		options?: { readonly cause?: unknown },
	) {
		super(message, options);
		this.name = "TestFailure";
		this.expected = details.expected;
		this.received = details.received;
	}
}

/** A wait that ran past its time: `received: timeout`. */
export class TimeoutFailure extends TestFailure {
	constructor(expected: string, ms: number) {
		super(`no ${expected} after ${ms} ms`, { expected, received: "timeout" });
		this.name = "TimeoutFailure";
	}
}

/**
 * True when the relay cannot be reached or trusted at all, so that every further case would fail
 * the same way: the run bails out (TEST-CLIENT-INTERFACE.md "Bail Out").
 */
export function isFatal(error: unknown): boolean {
	return TransportError.isInstance(error) && (error.code === "connect-failed" || error.code === "certificate");
}

/** What an error says happened, for `received`. */
export function receivedOf(error: unknown): string {
	if (error instanceof TestFailure) return error.received ?? error.message;
	if (error instanceof RequestError) {
		const code = `${error.codeName ?? "code"} (0x${error.code.toString(16)})`;
		const reason = error.reason === "" ? "" : `: ${error.reason}`;
		if (error.source === "stream") return `request stream reset with ${error.code}${reason}`;
		if (error.source === "local") return `local ${code}${reason}`;
		return `${errorMessageName(error)} ${code}${reason}`;
	}
	if (error instanceof SessionError || TransportError.isInstance(error))
		return `${error.name} ${error.code}: ${error.message}`;
	if (error instanceof Error) return `${error.name}: ${error.message}`;
	return String(error);
}

/** The message a refusal arrived in: REQUEST_ERROR from draft-15, one message per request before. */
export function errorMessageName(error: RequestError): string {
	if (error.draft >= 15) return "REQUEST_ERROR";
	const names: Record<string, string> = {
		SUBSCRIBE: "SUBSCRIBE_ERROR",
		PUBLISH_NAMESPACE: "PUBLISH_NAMESPACE_ERROR",
		SUBSCRIBE_NAMESPACE: "SUBSCRIBE_NAMESPACE_ERROR",
		FETCH: "FETCH_ERROR",
		PUBLISH: "PUBLISH_ERROR",
		TRACK_STATUS: "TRACK_STATUS_ERROR",
	};
	return names[error.request] ?? "error";
}
