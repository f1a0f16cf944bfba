/**
 * Routing of everything the peer sends: setup, control-stream messages by Request ID (drafts 14
 * and 16), request-stream messages by channel (draft-16 SUBSCRIBE_NAMESPACE, every request from
 * draft-17), and stream ends.
 *
 * - The first message of a control stream is the setup message; setup must come first (draft-
 *   ietf-moq-transport-14 §9.3, -16 §9.3, -19 §10.3). From draft-17 the control stream carries
 *   only SETUP and GOAWAY (-19 §9 message table, "Stream" column); closing a control stream is a
 *   PROTOCOL_VIOLATION (-14 §3.3, -19 §3.3).
 * - A request stream begins with a request: SUBSCRIBE_NAMESPACE in draft-16 (§3.3), one of
 *   TRACK_STATUS, SUBSCRIBE, PUBLISH, FETCH, PUBLISH_NAMESPACE, SUBSCRIBE_NAMESPACE,
 *   SUBSCRIBE_TRACKS from draft-17, else PROTOCOL_VIOLATION. draft-14 has no request streams.
 * - Request streams that arrive before setup completes "SHOULD be buffered until ... setup is
 *   complete"; "If an implementation does not want to buffer ... it MAY reset such bidirectional
 *   streams" (-16 §3.3, -19 §3.3): we buffer up to a limit and reset beyond it.
 * - A message for one of our requests that ended (cancelled, timed out) is a late message and is
 *   ignored; one for a request that never existed, or of the wrong kind, is a PROTOCOL_VIOLATION.
 *
 * @module
 */

import { type ControlMessage, StreamResetCode, TerminationCode } from "@moqt/wire";
import { violation } from "./errors.js";
import {
	onCancelMessage,
	onNamespace,
	onPublishDone,
	onPublishNamespaceCancel,
	onPublishNamespaceDone,
	onPublishSkipped,
	onStreamEvent,
} from "./follow-ups.js";
import { onGoaway } from "./goaway.js";
import { onIncomingRequest, onIncomingUpdate } from "./incoming.js";
import { namespaceKey } from "./keys.js";
import { closeSession, endWithEvent } from "./lifecycle.js";
import type { Request } from "./request.js";
import { onOwnResponse } from "./responses.js";
import { buildSetup, readPeerSetup } from "./setup.js";
import type { Buffered, CoreState } from "./state.js";
import type { ChannelEvent, IncomingRequestMessage, RequestType } from "./types.js";

/** Messages per buffered request stream, on average, before setup completes. */
const BUFFERED_MESSAGES_PER_STREAM = 8;

const OPENERS_17: ReadonlySet<string> = new Set([
	"TRACK_STATUS",
	"SUBSCRIBE",
	"PUBLISH",
	"FETCH",
	"PUBLISH_NAMESPACE",
	"SUBSCRIBE_NAMESPACE",
	"SUBSCRIBE_TRACKS",
]);

/** A message on the control channel. */
export function onControlMessage(state: CoreState, m: ControlMessage): void {
	if (state.status === "setup") {
		onPeerSetup(state, m);
		return;
	}
	switch (m.type) {
		case "CLIENT_SETUP":
		case "SERVER_SETUP":
		case "SETUP":
			violation(TerminationCode.PROTOCOL_VIOLATION, `a second ${m.type}`);
			break;
		case "GOAWAY":
			onGoaway(state, m, undefined);
			return;
	}
	if (state.info.requestStreams) violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} on the control stream`);
	onLegacyControl(state, m);
}

// drafts 14 and 16: requests and their messages share the control stream, named by Request ID.
function onLegacyControl(state: CoreState, m: ControlMessage): void {
	let req: Request | undefined;
	switch (m.type) {
		case "MAX_REQUEST_ID":
			state.ownIds.raise(m.maxRequestId);
			return;
		case "REQUESTS_BLOCKED":
			// Informational: our MAX_REQUEST_ID rises as the peer's requests complete.
			return;
		case "SUBSCRIBE_NAMESPACE":
			if (state.draft === 16)
				violation(TerminationCode.PROTOCOL_VIOLATION, "draft-16 SUBSCRIBE_NAMESPACE opens its own stream");
			onIncomingRequest(state, m, 0);
			return;
		case "SUBSCRIBE":
		case "PUBLISH":
		case "FETCH":
		case "TRACK_STATUS":
		case "PUBLISH_NAMESPACE":
			onIncomingRequest(state, m, 0);
			return;
		case "SUBSCRIBE_UPDATE":
		case "REQUEST_UPDATE":
			onIncomingUpdate(state, m);
			return;
		case "SUBSCRIBE_OK":
			req = own(state, m.requestId!, ["SUBSCRIBE"]);
			break;
		case "PUBLISH_OK":
		case "PUBLISH_ERROR":
			req = own(state, m.requestId, ["PUBLISH"]);
			break;
		case "FETCH_OK":
			req = own(state, m.requestId!, ["FETCH"]);
			break;
		case "FETCH_ERROR":
			req = own(state, m.requestId, ["FETCH"]);
			break;
		case "SUBSCRIBE_ERROR":
			req = own(state, m.requestId, ["SUBSCRIBE"]);
			break;
		case "TRACK_STATUS_OK":
		case "TRACK_STATUS_ERROR":
			req = own(state, m.requestId, ["TRACK_STATUS"]);
			break;
		case "PUBLISH_NAMESPACE_OK":
		case "PUBLISH_NAMESPACE_ERROR":
			req = own(state, m.requestId, ["PUBLISH_NAMESPACE"]);
			break;
		case "SUBSCRIBE_NAMESPACE_OK":
		case "SUBSCRIBE_NAMESPACE_ERROR":
			req = own(state, m.requestId, ["SUBSCRIBE_NAMESPACE"]);
			break;
		case "REQUEST_OK":
			req = own(state, m.requestId!, ["TRACK_STATUS", "PUBLISH_NAMESPACE", "REQUEST_UPDATE"]);
			break;
		case "REQUEST_ERROR":
			req = own(state, m.requestId!, [
				"SUBSCRIBE",
				"PUBLISH",
				"FETCH",
				"TRACK_STATUS",
				"PUBLISH_NAMESPACE",
				"REQUEST_UPDATE",
			]);
			break;
		case "PUBLISH_DONE":
			req = subscription(state, m.requestId!, "subscriber");
			if (req !== undefined) onPublishDone(state, req, m);
			return;
		case "UNSUBSCRIBE":
			req = subscription(state, m.requestId, "publisher");
			if (req !== undefined) onCancelMessage(state, req, "UNSUBSCRIBE");
			return;
		case "FETCH_CANCEL":
			req = peers(state, m.requestId, "FETCH");
			if (req !== undefined) onCancelMessage(state, req, "FETCH_CANCEL");
			return;
		case "PUBLISH_NAMESPACE_DONE":
			req =
				state.draft === 14
					? state.findNamespace(false, "PUBLISH_NAMESPACE", namespaceKey(m.trackNamespace!))
					: peers(state, m.requestId!, "PUBLISH_NAMESPACE");
			if (req !== undefined) onPublishNamespaceDone(state, req);
			return;
		case "PUBLISH_NAMESPACE_CANCEL":
			req =
				state.draft === 14
					? state.findNamespace(true, "PUBLISH_NAMESPACE", namespaceKey(m.trackNamespace!))
					: own(state, m.requestId!, ["PUBLISH_NAMESPACE"]);
			if (req !== undefined) onPublishNamespaceCancel(state, req, m);
			return;
		case "UNSUBSCRIBE_NAMESPACE":
			req = state.findNamespace(false, "SUBSCRIBE_NAMESPACE", namespaceKey(m.trackNamespacePrefix));
			if (req !== undefined) endWithEvent(state, req, "cancelled", 0, "UNSUBSCRIBE_NAMESPACE", "message");
			return;
		default:
			violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} on the control stream`);
	}
	if (req !== undefined) onOwnResponse(state, req, m);
}

/** Our request `id` of one of `types`; undefined for one that ended (a late message). */
function own(state: CoreState, id: bigint, types: readonly RequestType[]): Request | undefined {
	const req = state.requests.get(id);
	if (req === undefined || req.phase === "queued") {
		if (req === undefined && state.ownIds.issued(id)) return undefined;
		violation(TerminationCode.PROTOCOL_VIOLATION, `no request ${id} of ours awaits this message`);
	}
	if (!req.outgoing || !types.includes(req.type)) {
		violation(TerminationCode.PROTOCOL_VIOLATION, `request ${id} is not ours or of another type`);
	}
	return req;
}

/** The peer's request `id` of `type`; undefined for one that ended. */
function peers(state: CoreState, id: bigint, type: RequestType): Request | undefined {
	const req = state.requests.get(id);
	if (req === undefined) {
		if (state.peerIds.used(id)) return undefined;
		violation(TerminationCode.PROTOCOL_VIOLATION, `the peer has no request ${id}`);
	}
	if (req.outgoing || req.type !== type)
		violation(TerminationCode.PROTOCOL_VIOLATION, `request ${id} is not the peer's ${type}`);
	return req;
}

/** A subscription in which we have `role`; undefined for one that ended. */
function subscription(state: CoreState, id: bigint, role: "publisher" | "subscriber"): Request | undefined {
	const req = state.requests.get(id);
	if (req === undefined) {
		if (state.ownIds.issued(id) || state.peerIds.used(id)) return undefined;
		violation(TerminationCode.PROTOCOL_VIOLATION, `no subscription ${id}`);
	}
	if (!req.isSubscription || req.role !== role || req.phase === "queued") {
		violation(
			TerminationCode.PROTOCOL_VIOLATION,
			`request ${id} is not a subscription we ${role === "publisher" ? "publish" : "receive"}`,
		);
	}
	return req;
}

/** A message on a request channel. */
export function onChannelMessage(state: CoreState, channel: number, m: ControlMessage): void {
	if (state.status === "setup") {
		buffer(state, { kind: "message", channel, message: m });
		return;
	}
	const req = state.channels.get(channel);
	if (req === undefined) {
		if (state.unclaimed.delete(channel)) onFirstMessage(state, channel, m);
		return; // otherwise a stream we forgot: late data
	}
	if (state.draft === 16) {
		onSubscribeNamespaceStream16(state, req, m);
		return;
	}
	switch (m.type) {
		case "REQUEST_OK":
		case "REQUEST_ERROR":
			if (req.outgoing && !req.answered) {
				if (m.type === "REQUEST_OK" && (req.type === "SUBSCRIBE" || req.type === "FETCH")) {
					violation(TerminationCode.PROTOCOL_VIOLATION, `REQUEST_OK does not answer ${req.type}`);
				}
				onOwnResponse(state, req, m);
				return;
			}
			if (req.updatesOut.length === 0) violation(TerminationCode.PROTOCOL_VIOLATION, `an unexpected ${m.type}`);
			onOwnResponse(state, req.updatesOut[0]!, m);
			return;
		case "SUBSCRIBE_OK":
			if (!req.outgoing || req.type !== "SUBSCRIBE") break;
			onOwnResponse(state, req, m);
			return;
		case "FETCH_OK":
			if (!req.outgoing || req.type !== "FETCH") break;
			onOwnResponse(state, req, m);
			return;
		case "PUBLISH_DONE":
			if (!req.isSubscription || req.role !== "subscriber") break;
			onPublishDone(state, req, m);
			return;
		case "NAMESPACE":
		case "NAMESPACE_DONE":
			if (!req.outgoing || req.type !== "SUBSCRIBE_NAMESPACE") break;
			onNamespace(state, req, m);
			return;
		case "PUBLISH_BLOCKED":
		case "PUBLISH_SKIPPED":
			if (!req.outgoing || req.type !== "SUBSCRIBE_TRACKS") break;
			onPublishSkipped(state, req, m);
			return;
		case "REQUEST_UPDATE":
			onIncomingUpdate(state, m, req);
			return;
		case "GOAWAY":
			onGoaway(state, m, req);
			return;
	}
	violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} on the stream of a ${req.type}`);
}

function onFirstMessage(state: CoreState, channel: number, m: ControlMessage): void {
	const allowed = state.draft === 16 ? m.type === "SUBSCRIBE_NAMESPACE" : OPENERS_17.has(m.type);
	if (!allowed) violation(TerminationCode.PROTOCOL_VIOLATION, `a request stream begins with ${m.type}`);
	onIncomingRequest(state, m as IncomingRequestMessage, channel);
}

// draft-16: only SUBSCRIBE_NAMESPACE has a stream; its answer, then NAMESPACE / NAMESPACE_DONE.
function onSubscribeNamespaceStream16(state: CoreState, req: Request, m: ControlMessage): void {
	if (req.outgoing) {
		switch (m.type) {
			case "REQUEST_OK":
			case "REQUEST_ERROR":
				if (m.requestId !== req.requestId)
					violation(TerminationCode.PROTOCOL_VIOLATION, "an answer for another request");
				onOwnResponse(state, req, m);
				return;
			case "NAMESPACE":
			case "NAMESPACE_DONE":
				onNamespace(state, req, m);
				return;
		}
	}
	violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} on a SUBSCRIBE_NAMESPACE stream`);
}

/** A stream event on a channel. */
export function onChannelEvent(state: CoreState, channel: number, ev: ChannelEvent): void {
	if (channel === 0) violation(TerminationCode.PROTOCOL_VIOLATION, "the control stream closed");
	if (state.status === "setup") {
		buffer(state, { kind: "event", channel, event: ev });
		return;
	}
	const req = state.channels.get(channel);
	if (req === undefined) {
		state.unclaimed.delete(channel); // opened and closed without a request, or forgotten
		return;
	}
	onStreamEvent(state, req, ev);
}

function buffer(state: CoreState, item: Buffered): void {
	const ch = item.channel;
	const peerOpened = state.unclaimed.has(ch) || state.bufferedChannels.has(ch);
	if (peerOpened && !state.bufferedChannels.has(ch)) {
		if (state.bufferedChannels.size >= state.limits.maxBufferedRequests) {
			refuseStream(state, ch);
			return;
		}
		state.bufferedChannels.add(ch);
	}
	if (state.buffer.length >= state.limits.maxBufferedRequests * BUFFERED_MESSAGES_PER_STREAM) {
		if (!peerOpened) violation(TerminationCode.PROTOCOL_VIOLATION, "too many messages before setup");
		refuseStream(state, ch);
		return;
	}
	state.buffer.push(item);
}

// Resets a stream the peer opened before setup that we will not buffer.
function refuseStream(state: CoreState, channel: number): void {
	state.unclaimed.delete(channel);
	if (state.bufferedChannels.delete(channel)) {
		const kept = state.buffer.filter((b) => b.channel !== channel);
		state.buffer.length = 0;
		state.buffer.push(...kept);
	}
	const code = state.draft >= 18 ? StreamResetCode[18].EXCESSIVE_LOAD : StreamResetCode[16].INTERNAL_ERROR;
	state.transmit({ kind: "reset", channel, code });
	state.transmit({ kind: "stop-sending", channel, code });
}

/** The peer's setup message: checks, then the session is ready and buffered input is replayed. */
function onPeerSetup(state: CoreState, m: ControlMessage): void {
	const peer = readPeerSetup(m, state, state.peerTokens);
	const rejection = state.checkPeerSetup?.(peer);
	if (rejection !== undefined) {
		closeSession(state, rejection.code, rejection.reason, false);
		return;
	}
	state.peer = peer;
	state.ownTokens.peerLimitKnown(peer.maxAuthTokenCacheSize);
	if (state.info.maxRequestId) state.ownIds.initial(peer.maxRequestId ?? 0n);
	// drafts 14 and 16: the server answers CLIENT_SETUP; other setup messages were sent at start.
	if (state.role === "server" && !state.info.requestStreams) {
		state.send(0, buildSetup(state, state.peerIds.initialMax));
	}
	state.status = "ready";
	state.deadlines.clear(SETUP_TIMER);
	state.emit({ kind: "ready", peer });
	const items = state.buffer.splice(0);
	state.bufferedChannels.clear();
	for (const item of items) {
		if (state.status !== "ready") return;
		if (item.kind === "message") onChannelMessage(state, item.channel, item.message);
		else onChannelEvent(state, item.channel, item.event);
	}
}

/** The session deadline key of the setup timeout. */
export const SETUP_TIMER = "setup";
