/**
 * The peer's answers to our requests and updates, in every draft's form (responses-map.ts), turned
 * into one set of events: `subscribe-ok`, `publish-ok`, `fetch-ok`, `track-status`, `request-ok`
 * and `request-error`.
 *
 * Rules checked here:
 * - "exactly one" answer per request (draft-ietf-moq-transport-14 §5.1, -19 §5.1, §5.2, §6.2: "The
 *   peer SHOULD close the session with a protocol error if it receives more than one").
 * - DUPLICATE_TRACK_ALIAS for a SUBSCRIBE_OK whose alias another subscription of another track
 *   uses (-14 §9.8, -16 §9.10, -19 §11.1).
 * - FETCH_OK: "If End Location is smaller than the Start Location in the corresponding FETCH the
 *   receiver MUST close the session with a PROTOCOL_VIOLATION" (-14 §9.17, -19 §10.13). The start
 *   is known for Standalone and Absolute Joining fetches.
 * - REQUEST_OK carries Track Properties only as TRACK_STATUS_OK (-18/-19 §10.5), else
 *   PROTOCOL_VIOLATION.
 * - REQUEST_ERROR's Redirect (-18/-19 §10.6.1): a non-empty Connect URI at a server, or a Track
 *   Name for a namespace request, is a PROTOCOL_VIOLATION.
 *
 * @module
 */

import {
	type AnyRequestError14,
	type ControlMessage,
	FetchType,
	type Location,
	type MessageParameters,
	type RequestError,
	type RequestOk,
	TerminationCode,
} from "@moqt/wire";
import { applyParameters } from "./commands.js";
import { violation } from "./errors.js";
import { checkSubscriberAlias } from "./incoming.js";
import { compareLocations } from "./keys.js";
import { end, failOwn } from "./lifecycle.js";
import { parametersOf } from "./params.js";
import type { Request } from "./request.js";
import { readFailure } from "./responses-map.js";
import { type CoreState, isNamespaceRequest, timerKey } from "./state.js";

/** A success or error message answering `req` (one of our requests or updates). */
export function onOwnResponse(state: CoreState, req: Request, m: ControlMessage): void {
	if (req.answered) violation(TerminationCode.PROTOCOL_VIOLATION, `a second answer to request ${req.requestId}`);
	req.answered = true;
	if (req.abandoned) {
		// An update we stopped waiting for (its timeout fired): its answer only keeps the order.
		end(state, req);
		return;
	}
	state.deadlines.clear(timerKey(req, "timeout"));
	state.deadlines.clear(timerKey(req, "response"));
	state.ownTokens.settled(req.requestId);
	if (m.type === "REQUEST_ERROR" || m.type.endsWith("_ERROR")) {
		onFailure(state, req, m as AnyRequestError14 | RequestError);
		return;
	}
	if (m.type === "REQUEST_OK" && (m.trackProperties?.length ?? 0) > 0 && req.type !== "TRACK_STATUS") {
		violation(TerminationCode.PROTOCOL_VIOLATION, "Track Properties in a REQUEST_OK other than TRACK_STATUS_OK");
	}
	switch (m.type) {
		case "SUBSCRIBE_OK": {
			checkSubscriberAlias(state, req, m.trackAlias);
			const parameters = parametersOf(m);
			req.phase = "established";
			req.trackAlias = m.trackAlias;
			applyParameters(req, parameters);
			req.largestObject = m.largestObject;
			if (req.parameters.forward !== false) req.joiningLocation = m.largestObject;
			req.trackProperties = m.trackProperties ?? [];
			state.indexSubscription(req);
			state.emit({
				kind: "subscribe-ok",
				requestId: req.requestId,
				trackAlias: m.trackAlias,
				parameters,
				trackProperties: req.trackProperties,
			});
			return;
		}
		case "FETCH_OK": {
			const start = fetchStart(req);
			if (start !== undefined && endsBefore(m.endLocation, start)) {
				violation(TerminationCode.PROTOCOL_VIOLATION, "FETCH_OK's End Location is before the FETCH's start");
			}
			const parameters = parametersOf(m);
			req.phase = "established";
			req.endLocation = m.endLocation;
			req.endOfTrack = m.endOfTrack;
			req.trackProperties = m.trackProperties ?? [];
			state.emit({
				kind: "fetch-ok",
				requestId: req.requestId,
				endOfTrack: m.endOfTrack,
				endLocation: m.endLocation,
				parameters,
				trackProperties: req.trackProperties,
			});
			if (req.dataDone) complete(state, req);
			return;
		}
		case "TRACK_STATUS_OK":
			state.emit({ kind: "track-status", requestId: req.requestId, parameters: parametersOf(m), trackProperties: [] });
			complete(state, req);
			return;
		case "PUBLISH_OK":
			onPublishOk(state, req, m);
			return;
		case "PUBLISH_NAMESPACE_OK":
		case "SUBSCRIBE_NAMESPACE_OK":
			onRequestOk(state, req, { type: "REQUEST_OK" });
			return;
		case "REQUEST_OK":
			onRequestOk(state, req, m);
			return;
		default:
			violation(TerminationCode.PROTOCOL_VIOLATION, `${m.type} does not answer a ${req.type}`);
	}
}

function onPublishOk(state: CoreState, req: Request, m: ControlMessage): void {
	const parameters = parametersOf(m);
	req.phase = "established";
	applyParameters(req, parameters);
	state.emit({ kind: "publish-ok", requestId: req.requestId, parameters });
}

function onRequestOk(state: CoreState, req: Request, m: RequestOk): void {
	const parameters = parametersOf(m);
	switch (req.type) {
		case "PUBLISH":
			onPublishOk(state, req, m);
			return;
		case "TRACK_STATUS":
			state.emit({
				kind: "track-status",
				requestId: req.requestId,
				parameters,
				trackProperties: m.trackProperties ?? [],
			});
			complete(state, req);
			return;
		case "REQUEST_UPDATE":
			onUpdateOk(state, req, parameters);
			return;
		default:
			if (!isNamespaceRequest(req))
				violation(TerminationCode.PROTOCOL_VIOLATION, `REQUEST_OK does not answer ${req.type}`);
			req.phase = "established";
			state.emit({ kind: "request-ok", requestId: req.requestId, request: req.type, parameters });
	}
}

function onUpdateOk(state: CoreState, update: Request, parameters: MessageParameters): void {
	const target = update.target!;
	const wasForwarding = target.parameters.forward !== false;
	applyParameters(target, update.parameters);
	if (parameters.largestObject !== undefined) target.largestObject = parameters.largestObject;
	if (target.isSubscription && !wasForwarding && target.parameters.forward !== false) {
		target.joiningLocation = parameters.largestObject ?? target.largestObject;
	}
	const prefix = update.parameters.trackNamespacePrefix;
	if (prefix !== undefined && target.active !== undefined) state.rekeyNamespace(target, prefix);
	state.emit({
		kind: "request-ok",
		requestId: update.requestId,
		request: "REQUEST_UPDATE",
		targetRequestId: target.requestId,
		parameters,
	});
	end(state, update);
}

function onFailure(state: CoreState, req: Request, m: AnyRequestError14 | RequestError): void {
	const failure = readFailure(m);
	const redirect = failure.redirect;
	if (redirect !== undefined) {
		if (state.role === "server" && redirect.connectUri !== "") {
			violation(TerminationCode.PROTOCOL_VIOLATION, "a Redirect to another URI received by a server");
		}
		if (isNamespaceRequest(req) && redirect.trackName.length > 0) {
			violation(TerminationCode.PROTOCOL_VIOLATION, "a Redirect with a Track Name for a namespace request");
		}
	}
	// The responder FINs after an error; our half has nothing more to say either.
	state.finish(req);
	failOwn(state, req, failure, "message");
}

function complete(state: CoreState, req: Request): void {
	state.finish(req);
	end(state, req);
}

// The start of a fetch's range when the FETCH itself fixes it (not for a Relative Joining Fetch).
function fetchStart(req: Request): Location | undefined {
	const f = req.fetch.fetchType;
	if (f.type === FetchType.STANDALONE) return f.startLocation;
	if (f.type === FetchType.ABSOLUTE_JOINING) return { group: f.joiningStart, object: 0n };
	return undefined;
}

// End Location is "the last Object, plus 1", Object 0 meaning the whole group.
function endsBefore(endLocation: Location, start: Location): boolean {
	if (endLocation.object === 0n) return endLocation.group < start.group;
	return compareLocations(endLocation, start) < 0;
}
