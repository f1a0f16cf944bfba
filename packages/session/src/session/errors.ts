/**
 * The error a request of ours fails with: the peer refused it (draft-ietf-moq-transport-14 §9's
 * SUBSCRIBE_ERROR, FETCH_ERROR, ... with the per-message tables of §13.1; REQUEST_ERROR with the
 * table of -16 §13.4.2, -18 §15.10.2, -19 §15.11.2), its request stream ended first (-19 §3.3.3
 * "Request Cancellation and Rejection": the reset code), or a local timeout (TIMEOUT, 0x2 in every
 * table). The same class reports a request that ended later without our asking (cancelled by the
 * peer, a FIN before PUBLISH_DONE).
 *
 * Its `code` is the draft's number, which is why it does not extend `MoqtError` (whose `code` is a
 * string): it carries the same `Symbol.for("moqt.error")` brand instead, so `MoqtError.isInstance`
 * and `instanceof MoqtError` accept it, as the transport's StreamError does.
 *
 * @module
 */

import {
	type Draft,
	FetchErrorCode,
	PublishErrorCode,
	PublishNamespaceErrorCode,
	type Redirect,
	RequestErrorCode,
	SubscribeErrorCode,
	SubscribeNamespaceErrorCode,
} from "@moqt/wire";
import type { EventSource, RequestType } from "../core/index.js";

const BRAND: unique symbol = Symbol.for("moqt.error") as never;

/** What a {@link RequestError} is built from. */
export interface RequestErrorInit {
	readonly draft: Draft;
	readonly request: RequestType;
	readonly code: number;
	readonly reason: string;
	/** REQUEST_ERROR's Retry Interval: ms before retrying, plus one; 0 means do not retry. */
	readonly retryInterval?: bigint;
	readonly redirect?: Redirect;
	/** "message": the peer's error message; "stream": the request stream ended; "local": a timeout or rule here. */
	readonly source: EventSource;
	/** Set when the request ended after it succeeded (cancelled, failed, done, timeout). */
	readonly ended?: "cancelled" | "done" | "failed" | "timeout";
}

/** A request that failed or ended without our asking. */
export class RequestError extends Error {
	readonly [BRAND] = true;
	/** The draft's error code (or stream reset code for `source: "stream"`, 0 for a FIN). */
	readonly code: number;
	/** The code's name in the draft's table for the request, when it has one ("DOES_NOT_EXIST"). */
	readonly codeName: string | undefined;
	readonly reason: string;
	/** REQUEST_ERROR's Retry Interval (ms + 1; 0: do not retry). Always 0 in draft-14. */
	readonly retryInterval: bigint;
	/** drafts 18 and 19: where to retry, with the REDIRECT code. */
	readonly redirect: Redirect | undefined;
	readonly draft: Draft;
	readonly request: RequestType;
	readonly source: EventSource;
	/** Set when the request had succeeded and ended afterwards. */
	readonly ended: RequestErrorInit["ended"];

	constructor(init: RequestErrorInit) {
		const name = codeName(init.draft, init.request, init.code, init.source);
		super(
			`${init.request} ${init.ended ?? "failed"}: ${name ?? `code ${init.code}`}${init.reason && ` (${init.reason})`}`,
		);
		this.name = "RequestError";
		this.code = init.code;
		this.codeName = name;
		this.reason = init.reason;
		this.retryInterval = init.retryInterval ?? 0n;
		this.redirect = init.redirect;
		this.draft = init.draft;
		this.request = init.request;
		this.source = init.source;
		this.ended = init.ended;
	}

	/** True for a RequestError from any copy of the package. */
	static isInstance(value: unknown): value is RequestError {
		return value instanceof Error && value.name === "RequestError" && (value as never)[BRAND] === true;
	}

	static override [Symbol.hasInstance](value: unknown): boolean {
		return RequestError.isInstance(value);
	}
}

// draft-14 has one table per *_ERROR message (§13.1.2-§13.1.7); TRACK_STATUS_ERROR shares SUBSCRIBE_ERROR's.
const TABLES_14: Partial<Record<RequestType, Readonly<Record<string, number>>>> = {
	SUBSCRIBE: SubscribeErrorCode,
	TRACK_STATUS: SubscribeErrorCode,
	PUBLISH: PublishErrorCode,
	FETCH: FetchErrorCode,
	PUBLISH_NAMESPACE: PublishNamespaceErrorCode,
	SUBSCRIBE_NAMESPACE: SubscribeNamespaceErrorCode,
};

/** The name of a request error code in the draft's table for the request, if it has one. */
export function codeName(draft: Draft, request: RequestType, code: number, source: EventSource): string | undefined {
	// Stream reset codes and FINs are not request error codes.
	if (source === "stream") return undefined;
	const table = draft === 14 ? TABLES_14[request] : RequestErrorCode[draft];
	if (table === undefined) return undefined;
	for (const [name, value] of Object.entries(table)) if (value === code) return name;
	return undefined;
}
