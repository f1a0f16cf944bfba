/**
 * FETCH and TRACK_STATUS at the relay (draft-ietf-moq-transport-19 §10.12 FETCH, §10.12.3 "Fetch
 * Handling", §10.13 FETCH_OK, §10.14 TRACK_STATUS, §9.4: "If a relay does not have sufficient
 * information to send a FETCH_OK immediately in response to a FETCH, it MUST withhold sending
 * FETCH_OK until it does"; -14 §9.16-§9.22).
 *
 * - The range: a Standalone FETCH names it; a Joining FETCH ends at the joined subscription's
 *   Joining Location ("{Joining Location.Group, Joining Location.Object + 1}") and starts
 *   `Joining Start` groups before it (relative) or at that group (absolute). It is cut at the
 *   track's Largest Location ("If the requested End Location exceeds the Largest available
 *   Object, the actual end of the FETCH response is indicated in the FETCH_OK End Location"), and
 *   a start past it is INVALID_RANGE.
 * - A range the cache knows entirely is served from the cache. Otherwise the FETCH goes to a
 *   publisher of the track (or an upstream relay) as a Standalone FETCH of the same range, and
 *   its answer and objects are passed on (and cached). With nobody to ask, a draft-16+ subscriber
 *   gets what is cached with End of Unknown Range markers for the rest (§10.12.3: "indicate the
 *   range of unknown Objects and continue serving other known Objects"); a draft-14 subscriber,
 *   whose streams cannot say so, gets the error.
 *
 * @module
 */

import {
	type Fetch,
	type FetchResponder,
	type IncomingFetch,
	type IncomingTrackStatus,
	type OutgoingFetchObject,
	RequestError,
} from "@moqt/session";
import {
	type Draft,
	type FetchEndOfRange,
	FetchType,
	GroupOrder,
	isEndOfRange,
	type KeyValuePair,
	type Location,
	type MoqtObject,
	ObjectStatus,
	propertiesForDraft,
	StreamResetCode,
} from "@moqt/wire";
import { AuthRequest } from "../auth/error-codes.js";
import type { FetchEntry, FetchOrder } from "../cache/fetch-range.js";
import { compareLocations, fetchEndInclusive } from "../cache/location.js";
import { type FullTrackName, trackKey } from "../namespaces/names.js";
import { refuse, refuseWith } from "./answers.js";
import { GapRecorder } from "./fetch-gaps.js";
import type { RelayContext, RelayPeer } from "./peer.js";
import type { TrackRouter } from "./track-router.js";

/** The draft the cache keeps properties in (see relay-track.ts). */
const CACHE_DRAFT: Draft = 19;
/** The largest Object ID drafts 14 and 16 can carry. */
const MAX_ID_QUIC = 0x3fff_ffff_ffff_ffffn;

interface FetchPlan {
	readonly name: FullTrackName;
	readonly start: Location;
	/** FETCH's "last Object plus 1" encoding. */
	readonly end: Location;
	readonly order: FetchOrder;
}

/** Serves FETCH and TRACK_STATUS. */
export class FetchService {
	readonly #ctx: RelayContext;
	readonly #router: TrackRouter;

	constructor(ctx: RelayContext, router: TrackRouter) {
		this.#ctx = ctx;
		this.#router = router;
	}

	/** Answers a peer's FETCH. */
	async fetch(request: IncomingFetch, peer: RelayPeer): Promise<void> {
		const plan = this.#plan(request, peer);
		if (plan === undefined) return;
		const decision = await peer.authorize(AuthRequest.FETCH, plan.name.namespace, request.authorizationTokens);
		if (!decision.allowed) {
			this.#ctx.metrics?.error("request", decision.error);
			if (request.state === "pending") request.reject(decision.code, decision.reason);
			return;
		}
		if (this.#ctx.draining) {
			refuse(request, peer.draft, "FETCH", "GOING_AWAY", "the relay is going away");
			return;
		}
		const key = trackKey(plan.name);
		const cache = this.#ctx.cache;
		const largest = this.#router.track(plan.name)?.largest ?? cache?.largest(key);
		if (largest !== undefined && compareLocations(plan.start, largest) > 0) {
			refuse(request, peer.draft, "FETCH", "INVALID_RANGE", "the range starts after the Largest Object");
			return;
		}
		// Cut the range at the Largest Location: later objects do not exist yet.
		const wanted = fetchEndInclusive(plan.end);
		const last = largest !== undefined && compareLocations(wanted, largest) > 0 ? largest : wanted;
		const endLocation = last === wanted ? plan.end : { group: last.group, object: last.object + 1n };
		const cached = largest === undefined ? undefined : cache?.fetch(key, plan.start, last, plan.order);
		if (cached?.complete) {
			await this.#serve(request, peer, cached.entries, endLocation);
			return;
		}
		const publisher = this.#router.publishersFor(plan.name, peer)[0];
		if (publisher !== undefined) {
			await this.#forward(request, peer, publisher, plan);
			return;
		}
		if (cached !== undefined && peer.draft >= 16 && cached.entries.some((e) => e.kind === "object")) {
			await this.#serve(request, peer, cached.entries, endLocation);
			return;
		}
		refuse(request, peer.draft, "FETCH", "DOES_NOT_EXIST", "nothing is known of the range");
	}

	/** Answers a peer's TRACK_STATUS: from the relay's track, else from a publisher. */
	async trackStatus(request: IncomingTrackStatus, peer: RelayPeer): Promise<void> {
		const m = request.message;
		const name: FullTrackName = { namespace: m.trackNamespace, name: m.trackName };
		const decision = await peer.authorize(AuthRequest.TRACK_STATUS, m.trackNamespace, request.authorizationTokens);
		if (!decision.allowed) {
			this.#ctx.metrics?.error("request", decision.error);
			if (request.state === "pending") request.reject(decision.code, decision.reason);
			return;
		}
		const track = this.#router.track(name);
		const largest = track?.largest ?? this.#ctx.cache?.largest(trackKey(name));
		if (track?.live) {
			const trackProperties = track.trackProperties(peer.draft);
			answer(request, largest, trackProperties);
			return;
		}
		const publisher = this.#router.publishersFor(name, peer)[0];
		if (publisher === undefined) {
			if (largest !== undefined) answer(request, largest, undefined);
			else refuse(request, peer.draft, "TRACK_STATUS", "DOES_NOT_EXIST", "no publisher");
			return;
		}
		try {
			const status = await publisher.session.trackStatus(m.trackNamespace, m.trackName, {
				timeout: this.#ctx.limits.upstreamTimeoutMs,
			});
			const result = status.result;
			answer(request, result?.parameters.largestObject, peer.draft === 14 ? undefined : result?.trackProperties);
		} catch (error) {
			refuseWith(request, peer.draft, "TRACK_STATUS", error);
		}
	}

	// The track and range of a FETCH; undefined when it was refused for a bad joining request.
	#plan(request: IncomingFetch, peer: RelayPeer): FetchPlan | undefined {
		const m = request.message;
		const order = m.groupOrder === GroupOrder.DESCENDING ? GroupOrder.DESCENDING : GroupOrder.ASCENDING;
		const f = m.fetchType;
		if (f.type === FetchType.STANDALONE) {
			return {
				name: { namespace: f.trackNamespace, name: f.trackName },
				start: f.startLocation,
				end: f.endLocation,
				order,
			};
		}
		const joined = request.joining;
		if (joined === undefined) {
			refuse(request, peer.draft, "FETCH", "INVALID_JOINING_REQUEST_ID", "no such subscription");
			return undefined;
		}
		const at = joined.joiningLocation ?? joined.largestObject;
		if (at === undefined || joined.parameters.forward === false) {
			refuse(request, peer.draft, "FETCH", "INVALID_RANGE", "the subscription has no Joining Location");
			return undefined;
		}
		const startGroup =
			f.type === FetchType.RELATIVE_JOINING
				? at.group > f.joiningStart
					? at.group - f.joiningStart
					: 0n
				: f.joiningStart;
		return {
			name: { namespace: joined.trackNamespace, name: joined.trackName },
			start: { group: startGroup, object: 0n },
			end: { group: at.group, object: at.object + 1n },
			order,
		};
	}

	// Answers from the cache: FETCH_OK, then the objects (and, -16+, unknown ranges) in order.
	async #serve(request: IncomingFetch, peer: RelayPeer, entries: readonly FetchEntry[], endLocation: Location) {
		let responder: FetchResponder;
		try {
			responder = request.accept({ endLocation });
		} catch {
			return;
		}
		this.#ctx.metrics?.requestStarted("fetch");
		try {
			for (const entry of entries) {
				if (entry.kind === "object") {
					const outgoing = this.#outgoing(entry.object, CACHE_DRAFT, peer.draft);
					if (outgoing !== undefined) await responder.write(outgoing);
				} else if (entry.range === "unknown" && peer.draft >= 16) await responder.write(marker(entry.end, peer.draft));
			}
			await responder.finish();
		} catch {
			// The subscriber cancelled, or its session closed: the responder is over either way.
			responder.reset(StreamResetCode[peer.draft].CANCELLED);
		} finally {
			this.#ctx.metrics?.requestEnded("fetch");
		}
	}

	// Forwards the FETCH to `publisher` and passes its answer and objects on.
	async #forward(request: IncomingFetch, peer: RelayPeer, publisher: RelayPeer, plan: FetchPlan): Promise<void> {
		let upstream: Fetch;
		try {
			upstream = await publisher.session.fetch(plan.name.namespace, plan.name.name, {
				start: plan.start,
				end: plan.end,
				groupOrder: plan.order,
				timeout: this.#ctx.limits.upstreamTimeoutMs,
			});
		} catch (error) {
			refuseWith(request, peer.draft, "FETCH", error);
			return;
		}
		const accepted = await upstream.response;
		let responder: FetchResponder;
		try {
			responder = request.accept({
				endLocation: accepted.endLocation,
				endOfTrack: accepted.endOfTrack,
				...(peer.draft !== 14 && accepted.trackProperties.length > 0 && { trackProperties: accepted.trackProperties }),
			});
		} catch {
			upstream.cancel();
			return;
		}
		this.#ctx.metrics?.requestStarted("fetch");
		void responder.done.then((end) => {
			if (end !== undefined) upstream.cancel();
		});
		const key = trackKey(plan.name);
		const seen = new GapRecorder(plan.start, fetchEndInclusive(accepted.endLocation));
		try {
			for await (const item of upstream) {
				if (isEndOfRange(item)) {
					seen.marker(item);
					if (peer.draft >= 16) await responder.write(item);
					continue;
				}
				seen.object(item.groupId, item.objectId);
				this.#ctx.cache?.put(
					key,
					{ ...item, properties: propertiesForDraft(item.properties, publisher.draft, CACHE_DRAFT) },
					{ owned: true },
				);
				const outgoing = this.#outgoing(item, publisher.draft, peer.draft);
				if (outgoing !== undefined) await responder.write(outgoing);
			}
			// A complete answer says what does not exist: the gaps between its objects.
			if (this.#ctx.cache !== undefined) seen.record(this.#ctx.cache, key);
			await responder.finish();
		} catch (error) {
			const code = RequestError.isInstance(error)
				? StreamResetCode[peer.draft].CANCELLED
				: StreamResetCode[peer.draft].INTERNAL_ERROR;
			responder.reset(code);
			upstream.cancel();
		} finally {
			this.#ctx.metrics?.requestEnded("fetch");
		}
	}

	// The object as a fetch stream of draft `to` carries it, or undefined when it cannot (a status
	// object: only draft-14 fetch streams carry them; later drafts leave the gap instead).
	#outgoing(o: MoqtObject, from: Draft, to: Draft): OutgoingFetchObject | undefined {
		if (to !== 14 && o.status !== undefined && o.status !== ObjectStatus.NORMAL) return undefined;
		return {
			groupId: o.groupId,
			...(o.subgroupId !== undefined && { subgroupId: o.subgroupId }),
			objectId: o.objectId,
			...(o.publisherPriority !== undefined && { publisherPriority: o.publisherPriority }),
			payload: o.payload,
			...(o.properties !== undefined &&
				o.properties.length > 0 && { properties: propertiesForDraft(o.properties, from, to) }),
			...(to === 14 && o.status !== undefined && { status: o.status }),
		};
	}
}

function answer(
	request: IncomingTrackStatus,
	largest: Location | undefined,
	trackProperties: readonly KeyValuePair[] | undefined,
): void {
	try {
		request.accept({
			...(largest !== undefined && { parameters: { largestObject: largest } }),
			...(trackProperties !== undefined && { trackProperties }),
		});
	} catch {
		// The requester went away first.
	}
}

// An End of Unknown Range marker at the end of an unknown gap, within the draft's ID range.
function marker(end: Location, draft: Draft): FetchEndOfRange {
	const objectId = draft <= 16 && end.object > MAX_ID_QUIC ? MAX_ID_QUIC : end.object;
	return { endOfRange: "unknown", groupId: end.group, objectId };
}
