/**
 * What the relay's services see of a session and of the relay: the peer (one MoQT session, any
 * draft, any transport, downstream or an upstream link) and the shared context. Interfaces only,
 * so the services and the session glue do not import each other.
 *
 * @module
 */

import type { MoqtSession, ResolvedToken } from "@moqt/session";
import type { Draft, TrackNamespace } from "@moqt/wire";
import type { AuthDecision } from "../auth/authorizer.js";
import type { AuthRequest } from "../auth/error-codes.js";
import type { ObjectCache } from "../cache/object-cache.js";
import type { Logger } from "../log.js";
import type { RelayMetrics } from "../metrics/relay-metrics.js";
import type { Downstream } from "./downstream.js";
import type { SessionSender } from "./session-sender.js";

/** One session the relay serves or (for an upstream link) opened. */
export interface RelayPeer {
	/** A number for logs. */
	readonly id: number;
	readonly session: MoqtSession;
	readonly draft: Draft;
	/** The session's send queue and pump. */
	readonly sender: SessionSender;
	/** True for an upstream link: the relay is this session's client. */
	readonly link: boolean;
	readonly log: Logger;
	/** False once the session is closing: nothing new is routed to it. */
	readonly open: boolean;
	/** Decides a request by its tokens, or the session's setup token when it has none. */
	authorize(request: AuthRequest, namespace: TrackNamespace, tokens: readonly ResolvedToken[]): Promise<AuthDecision>;
	/** Follows a downstream subscription by its Request ID, for REQUEST_UPDATEs. */
	follow(requestId: bigint, downstream: Downstream): void;
}

/** Resource limits of the relay's routing. */
export interface RoutingLimits {
	/** The longest a SUBSCRIBE waits for a publisher (ms), whatever RENDEZVOUS_TIMEOUT asks. */
	readonly maxRendezvousMs: number;
	/** SUBSCRIBEs held for a publisher at once. */
	readonly maxRendezvousHeld: number;
	/**
	 * How long a SUBSCRIBE of draft-14 or -16 (which have no RENDEZVOUS_TIMEOUT) waits for a
	 * publisher (ms); 0, the default, answers DOES_NOT_EXIST at once as those drafts expect.
	 */
	readonly defaultRendezvousMs: number;
	/** ms to wait for an upstream answer (SUBSCRIBE_OK, FETCH_OK...) before giving up. */
	readonly upstreamTimeoutMs: number;
	/**
	 * ms an ended track's subscriber may take to receive what is queued for it before its streams
	 * are reset and PUBLISH_DONE is sent anyway (a stalled subscriber must not keep the track).
	 */
	readonly finishTimeoutMs: number;
}

/** What the services share. */
export interface RelayContext {
	readonly log: Logger;
	readonly metrics: RelayMetrics | undefined;
	readonly cache: ObjectCache | undefined;
	readonly now: () => number;
	readonly limits: RoutingLimits;
	/** True while the relay drains (after GOAWAY): new requests are refused. */
	readonly draining: boolean;
	/** The upstream links that are connected, in configuration order. */
	links(): readonly RelayPeer[];
}
