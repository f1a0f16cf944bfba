/**
 * Where the peer's requests go in a client session. The session's own handlers come first for
 * what it knows: SUBSCRIBE (live tracks only), FETCH and TRACK_STATUS of tracks registered with
 * `session.track`,
 * PUBLISH_NAMESPACE (draft-14) and PUBLISH under a prefix we watch with `subscribeNamespace`.
 * Everything else goes to the application's handler for the request type, if it set one, and
 * otherwise gets the draft's default answer (`defaultRejection` of `@moqt/session`: "does not
 * exist" for SUBSCRIBE / FETCH / TRACK_STATUS, UNINTERESTED for PUBLISH and PUBLISH_NAMESPACE...;
 * REQUEST_UPDATEs are accepted).
 *
 * @module
 */

import {
	defaultRejection,
	type IncomingFetch,
	type IncomingPublish,
	type IncomingPublishNamespace,
	type IncomingRequest,
	type IncomingRequestOpening,
	type IncomingSubscribe,
	type IncomingTrackStatus,
	type SessionHandlers,
} from "@moqt/session";
import { type Draft, FetchType } from "@moqt/wire";
import type { Track } from "../track/track.js";
import type { NamespaceWatch } from "./namespace-watch.js";

/** @internal What the router consults. */
export interface RouterHost {
	/** The session's draft. */
	readonly draft: Draft;
	/** The application's handlers, as they are now. */
	handlers(): SessionHandlers;
	/** The live track of that name, if registered. */
	track(namespace: readonly Uint8Array[], name: Uint8Array): Track | undefined;
	/** The live namespace watches. */
	watches(): Iterable<NamespaceWatch>;
}

type Handler<T> = ((request: T) => void | Promise<void>) | undefined;

/**
 * @internal The session handlers of a client session, given to the session before setup so
 * that no request can arrive before them.
 */
export function routerHandlers(host: RouterHost): SessionHandlers {
	const fallback = <T extends IncomingRequest>(request: T, handler: Handler<T>): void | Promise<void> => {
		if (handler !== undefined) return handler.call(host.handlers(), request);
		answerDefault(host.draft, request);
	};
	return {
		onSubscribe: (request: IncomingSubscribe) => {
			const { trackNamespace, trackName } = request.message;
			const track = host.track(trackNamespace, trackName);
			// An ended track takes no new subscription.
			if (track === undefined || track.ended) return fallback(request, host.handlers().onSubscribe);
			track.accept(request);
		},
		onFetch: (request: IncomingFetch) => {
			const type = request.message.fetchType;
			const target = type.type === FetchType.STANDALONE ? type : request.joining;
			const track = target === undefined ? undefined : host.track(target.trackNamespace, target.trackName);
			if (track === undefined) return fallback(request, host.handlers().onFetch);
			return track.answerFetch(request);
		},
		onTrackStatus: (request: IncomingTrackStatus) => {
			const track = host.track(request.message.trackNamespace, request.message.trackName);
			if (track === undefined) return fallback(request, host.handlers().onTrackStatus);
			track.answerStatus(request);
		},
		onPublishNamespace: (request: IncomingPublishNamespace) => {
			if (host.draft === 14) for (const watch of host.watches()) if (watch.offerNamespace(request)) return;
			return fallback(request, host.handlers().onPublishNamespace);
		},
		onPublish: (request: IncomingPublish) => {
			for (const watch of host.watches()) if (watch.offerPublish(request)) return;
			return fallback(request, host.handlers().onPublish);
		},
		onSubscribeNamespace: (request) => fallback(request, host.handlers().onSubscribeNamespace),
		onSubscribeTracks: (request) => fallback(request, host.handlers().onSubscribeTracks),
		onRequestUpdate: (request) => fallback(request, host.handlers().onRequestUpdate),
		onGoaway: (goaway) => host.handlers().onGoaway?.(goaway),
	};
}

function answerDefault(draft: Draft, request: IncomingRequest): void {
	if (request.kind === "request-update") {
		if (!request.answered) request.accept();
		return;
	}
	const opening: IncomingRequestOpening = request;
	const { code, reason } = defaultRejection(draft, opening.kind);
	opening.reject(code, reason);
}
