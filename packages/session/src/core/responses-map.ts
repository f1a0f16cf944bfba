/**
 * How each draft answers a request: the success and error messages, and reading the errors back
 * into one shape. This is where the core normalises the drafts' response messages:
 *
 * | Request             | -14 success / error                          | -16                    | -18, -19             |
 * |:--------------------|:---------------------------------------------|:-----------------------|:---------------------|
 * | SUBSCRIBE           | SUBSCRIBE_OK / SUBSCRIBE_ERROR               | SUBSCRIBE_OK / REQUEST_ERROR | SUBSCRIBE_OK / REQUEST_ERROR |
 * | PUBLISH             | PUBLISH_OK / PUBLISH_ERROR                   | PUBLISH_OK / REQUEST_ERROR | REQUEST_OK / REQUEST_ERROR |
 * | FETCH               | FETCH_OK / FETCH_ERROR                       | FETCH_OK / REQUEST_ERROR | FETCH_OK / REQUEST_ERROR |
 * | TRACK_STATUS        | TRACK_STATUS_OK / TRACK_STATUS_ERROR         | REQUEST_OK / REQUEST_ERROR | same           |
 * | PUBLISH_NAMESPACE   | PUBLISH_NAMESPACE_OK / PUBLISH_NAMESPACE_ERROR | REQUEST_OK / REQUEST_ERROR | same         |
 * | SUBSCRIBE_NAMESPACE | SUBSCRIBE_NAMESPACE_OK / SUBSCRIBE_NAMESPACE_ERROR | REQUEST_OK / REQUEST_ERROR | same   |
 * | SUBSCRIBE_TRACKS    | —                                            | —                      | REQUEST_OK / REQUEST_ERROR |
 * | REQUEST_UPDATE      | (SUBSCRIBE_UPDATE has no answer)             | REQUEST_OK / REQUEST_ERROR | same           |
 *
 * draft-ietf-moq-transport-14 §9.8-§9.30; -16 §9.7 REQUEST_OK, §9.8 REQUEST_ERROR and the
 * request sections; -18/-19 §10.5 REQUEST_OK ("PUBLISH_OK", "TRACK_STATUS_OK"... are its
 * shorthands), §10.6 REQUEST_ERROR. Up to -16 responses carry the Request ID; from -17 the
 * request stream identifies the request and they do not.
 *
 * @module
 */

import type {
	AnyRequestError14,
	ControlMessage,
	MessageParameters,
	Publish,
	Redirect,
	RequestError,
	RequestError14Type,
} from "@moqt/wire";
import { SessionError } from "./errors.js";
import type { Request } from "./request.js";
import type { CoreState } from "./state.js";
import type { RequestType, Response } from "./types.js";

const ERROR_14: Partial<Record<RequestType, RequestError14Type>> = {
	SUBSCRIBE: "SUBSCRIBE_ERROR",
	PUBLISH: "PUBLISH_ERROR",
	FETCH: "FETCH_ERROR",
	TRACK_STATUS: "TRACK_STATUS_ERROR",
	PUBLISH_NAMESPACE: "PUBLISH_NAMESPACE_ERROR",
	SUBSCRIBE_NAMESPACE: "SUBSCRIBE_NAMESPACE_ERROR",
};

/** The draft-14 *_ERROR message type that answers a request type, if any. */
export function errorType14(type: RequestType): RequestError14Type | undefined {
	return ERROR_14[type];
}

/** A request error in one shape, whichever message carried it. */
export interface RequestFailure {
	readonly code: number;
	readonly reason: string;
	readonly retryInterval: bigint;
	readonly redirect?: Redirect;
}

/** Reads a *_ERROR / REQUEST_ERROR message. */
export function readFailure(m: AnyRequestError14 | RequestError): RequestFailure {
	if (m.type !== "REQUEST_ERROR") return { code: m.errorCode, reason: m.reasonPhrase, retryInterval: 0n };
	return {
		code: m.errorCode,
		reason: m.reasonPhrase,
		retryInterval: m.retryInterval,
		...(m.redirect !== undefined && { redirect: m.redirect }),
	};
}

/** The message refusing `req` with `failure`, in the draft's form. */
export function errorMessage(state: CoreState, req: Request, failure: RequestFailure): ControlMessage {
	if (state.draft === 14) {
		const type = errorType14(req.type);
		if (type === undefined) throw new SessionError("unsupported", `draft-14 has no answer to ${req.type}`);
		return { type, requestId: req.requestId, errorCode: failure.code, reasonPhrase: failure.reason };
	}
	return {
		type: "REQUEST_ERROR",
		...(!state.info.requestStreams && { requestId: req.requestId }),
		errorCode: failure.code,
		retryInterval: failure.retryInterval,
		reasonPhrase: failure.reason,
		...(failure.redirect !== undefined && { redirect: failure.redirect }),
	};
}

/** The response kinds each request type takes. */
const OK_KIND: Record<RequestType, Response["kind"]> = {
	SUBSCRIBE: "subscribe-ok",
	PUBLISH: "publish-ok",
	FETCH: "fetch-ok",
	TRACK_STATUS: "track-status-ok",
	PUBLISH_NAMESPACE: "ok",
	SUBSCRIBE_NAMESPACE: "ok",
	SUBSCRIBE_TRACKS: "ok",
	REQUEST_UPDATE: "ok",
};

/** The success response kind `respond` takes for a request type. */
export function okKind(type: RequestType): Response["kind"] {
	return OK_KIND[type];
}

/**
 * The message accepting `req`, in the draft's form. `trackAlias` is the alias already chosen for
 * a SUBSCRIBE_OK. Throws a {@link SessionError} for a response the request does not take.
 */
export function okMessage(
	state: CoreState,
	req: Request,
	response: Exclude<Response, { kind: "error" }>,
	trackAlias: bigint | undefined,
): ControlMessage {
	if (response.kind !== okKind(req.type)) {
		throw new SessionError("invalid-argument", `${req.type} is not answered with "${response.kind}"`);
	}
	const legacy = state.draft <= 16;
	const id = legacy ? { requestId: req.requestId } : {};
	const params: MessageParameters = response.parameters ?? {};
	const properties =
		"trackProperties" in response && response.trackProperties !== undefined && state.draft >= 16
			? { trackProperties: response.trackProperties }
			: {};
	switch (response.kind) {
		case "subscribe-ok":
			return { type: "SUBSCRIBE_OK", ...id, ...params, trackAlias: trackAlias!, ...properties };
		case "publish-ok":
			if (!legacy) return { type: "REQUEST_OK", ...params };
			// draft-14 PUBLISH_OK must carry Group Order; absent, keep the PUBLISH's.
			if (state.draft === 14 && params.groupOrder === undefined) {
				const groupOrder = (req.message as Publish).groupOrder;
				return {
					type: "PUBLISH_OK",
					requestId: req.requestId,
					...params,
					...(groupOrder !== undefined && { groupOrder }),
				};
			}
			return { type: "PUBLISH_OK", requestId: req.requestId, ...params };
		case "fetch-ok":
			return {
				type: "FETCH_OK",
				...id,
				...params,
				endOfTrack: response.endOfTrack,
				endLocation: response.endLocation,
				...properties,
			};
		case "track-status-ok":
			if (state.draft === 14) return { type: "TRACK_STATUS_OK", requestId: req.requestId, ...params };
			return { type: "REQUEST_OK", ...id, ...params, ...(state.draft >= 17 && properties) };
		case "ok":
			if (state.draft === 14) {
				if (req.type === "PUBLISH_NAMESPACE") return { type: "PUBLISH_NAMESPACE_OK", requestId: req.requestId };
				return { type: "SUBSCRIBE_NAMESPACE_OK", requestId: req.requestId };
			}
			return { type: "REQUEST_OK", ...id, ...params };
	}
}
