/**
 * GOAWAY (draft-ietf-moq-transport-14 §9.4, -16 §9.4, -18 §10.4, -19 §10.4) and session migration
 * (-14 §3.5 "Migration", -19 §3.6 "Session Migration").
 *
 * - Received: a second GOAWAY on the control stream, or on one request stream (draft-18+), is a
 *   PROTOCOL_VIOLATION; so is a non-empty New Session URI received by a server. draft-18's GOAWAY
 *   on the control stream carries the smallest of our Request IDs the peer may not have processed
 *   (wrong parity: INVALID_REQUEST_ID; "Present only when sent on the control stream"). After one,
 *   new requests of ours are refused ("SHOULD NOT initiate new requests").
 * - Sent: a client's carries no URI. From draft-18 it carries a Timeout, after which "the sender
 *   closes the session with GOAWAY_TIMEOUT ... if there are still open requests"; the same local
 *   deadline applies to drafts 14 and 16, whose GOAWAY has no Timeout ("The server SHOULD close the
 *   session with GOAWAY_TIMEOUT after a sufficient timeout"). After ours, drafts 18 and 19 refuse
 *   the peer's new requests with GOING_AWAY (incoming.ts). On a request stream (draft-18+) "the
 *   sender SHOULD reset the stream with GOING_AWAY after the indicated timeout".
 *
 * @module
 */

import { type Goaway, StreamResetCode, TerminationCode } from "@moqt/wire";
import { ensureOpen } from "./commands.js";
import { SessionError, violation } from "./errors.js";
import { closeSession, endWithEvent } from "./lifecycle.js";
import type { Request } from "./request.js";
import { firstRequestId } from "./request-ids.js";
import { type CoreState, timerKey } from "./state.js";

/** The session deadline key of our GOAWAY. */
export const GOAWAY_TIMER = "goaway";

/** Options of the GOAWAY commands. */
export interface GoawayOptions {
	/** Where the client should reconnect (servers only; empty: the current URI). */
	readonly newSessionUri?: string;
	/**
	 * ms until we close the session (or reset the request stream); sent from draft-18. Without it
	 * the session stays open until closed.
	 */
	readonly timeout?: number;
}

/** GOAWAY received, on the control stream (`req` undefined) or on a request stream. */
export function onGoaway(state: CoreState, m: Goaway, req: Request | undefined): void {
	if (state.role === "server" && m.newSessionUri !== "") {
		violation(TerminationCode.PROTOCOL_VIOLATION, "a GOAWAY with a New Session URI received by a server");
	}
	if (req === undefined) {
		if (state.goawayReceived) violation(TerminationCode.PROTOCOL_VIOLATION, "a second GOAWAY");
		if (state.draft === 18) {
			if (m.requestId === undefined) violation(TerminationCode.PROTOCOL_VIOLATION, "GOAWAY without its Request ID");
			if ((m.requestId & 1n) !== firstRequestId(state.role)) {
				violation(TerminationCode.INVALID_REQUEST_ID, "GOAWAY's Request ID has the wrong parity");
			}
		}
		state.goawayReceived = true;
	} else {
		if (req.goawayReceived) violation(TerminationCode.PROTOCOL_VIOLATION, "a second GOAWAY on a request stream");
		if (m.requestId !== undefined) {
			violation(TerminationCode.PROTOCOL_VIOLATION, "a GOAWAY on a request stream carries no Request ID");
		}
		req.goawayReceived = true;
	}
	state.emit({
		kind: "goaway",
		newSessionUri: m.newSessionUri,
		timeout: m.timeout,
		requestId: req?.requestId,
		peerRequestId: req === undefined ? m.requestId : undefined,
	});
}

function message(state: CoreState, options: GoawayOptions | undefined, controlStream: boolean): Goaway {
	const newSessionUri = options?.newSessionUri ?? "";
	if (state.role === "client" && newSessionUri !== "") {
		throw new SessionError("invalid-argument", "a client's GOAWAY carries no New Session URI");
	}
	return {
		type: "GOAWAY",
		newSessionUri,
		...(state.draft >= 18 && { timeout: BigInt(options?.timeout ?? 0) }),
		...(state.draft === 18 && controlStream && { requestId: state.peerIds.smallestUnseen }),
	};
}

/** Sends the session's GOAWAY. */
export function goaway(state: CoreState, options?: GoawayOptions): void {
	ensureOpen(state);
	if (state.status !== "ready") throw new SessionError("invalid-state", "GOAWAY before the session is set up");
	if (state.goawaySent) throw new SessionError("invalid-state", "GOAWAY was sent already");
	const m = message(state, options, true);
	state.send(0, m);
	state.goawaySent = true;
	if (options?.timeout !== undefined) state.deadlines.set(GOAWAY_TIMER, state.now + options.timeout);
}

/** Our GOAWAY's timeout expired: close, with GOAWAY_TIMEOUT if requests are still open. */
export function onGoawayTimeout(state: CoreState): void {
	const open = state.requests.size > 0;
	closeSession(
		state,
		open ? TerminationCode.GOAWAY_TIMEOUT : TerminationCode.NO_ERROR,
		open ? "GOAWAY timeout" : "going away",
		false,
	);
}

/** Sends a GOAWAY on one request's stream (draft-18+). False when the request no longer exists. */
export function goawayRequest(state: CoreState, requestId: bigint, options?: GoawayOptions): boolean {
	ensureOpen(state);
	if (state.draft < 18) throw new SessionError("unsupported", `draft-${state.draft} has no request GOAWAY`);
	const req = state.requests.get(requestId);
	if (req === undefined) {
		if (state.ownIds.issued(requestId) || state.peerIds.used(requestId)) return false;
		throw new SessionError("invalid-state", `no request ${requestId}`);
	}
	if (!req.ownChannel || !req.sendOpen) throw new SessionError("invalid-state", "the request's stream is closed");
	if (req.goawaySent) throw new SessionError("invalid-state", "GOAWAY was sent on this request already");
	state.send(req.channel, message(state, options, false));
	req.goawaySent = true;
	if (options?.timeout !== undefined) state.deadlines.set(timerKey(req, "goaway"), state.now + options.timeout);
	return true;
}

/** A request GOAWAY's timeout expired: reset its stream with GOING_AWAY. */
export function onRequestGoawayTimeout(state: CoreState, req: Request): void {
	const code = StreamResetCode[18].GOING_AWAY;
	state.abort(req, code);
	endWithEvent(state, req, "timeout", code, "GOAWAY timeout", "local");
}
