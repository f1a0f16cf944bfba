/**
 * What the handles of a session (subscriptions, fetches, namespace requests, incoming requests)
 * need from it, as an interface: the handles live in their own modules and the session implements
 * this, so no module imports the session class itself.
 *
 * Every request the session follows has one {@link RequestListener}, keyed by Request ID, that
 * receives the core's events about it (draft-ietf-moq-transport-19 §10.1 "Request ID": every
 * request and response carries one) until the request ends or the session closes.
 *
 * @module
 */

import type { Draft } from "@moqt/wire";
import type { SessionCore, SessionError, SessionEvent } from "../core/index.js";
import type { DataPlane } from "./data-plane.js";

/** A core event about one request. */
export type RequestEvent = Exclude<Extract<SessionEvent, { readonly requestId: bigint }>, { kind: "request" }>;

/** Follows one request's events. */
export interface RequestListener {
	/** An event about the request. */
	event(event: RequestEvent): void;
	/** The session closed: the request is over. */
	closed(error: SessionError): void;
	/** A REQUEST_UPDATE of the peer changed the request's parameters (they are in the core). */
	updated?(): void;
}

/** The session, as its handles see it. */
export interface SessionContext {
	readonly draft: Draft;
	readonly core: SessionCore;
	/** The data plane: publishers' senders, the receivers' router. */
	readonly data: DataPlane;
	/**
	 * Runs a command against the core. `follow` is attached to the Request ID the command returns
	 * before the outputs are performed, so no event about the request can be missed.
	 */
	command<T>(fn: (now: number) => T, follow?: (result: T) => void): T;
	/** Starts following a request (replacing who followed it before). */
	follow(requestId: bigint, listener: RequestListener): void;
	/** Stops following a request, if `listener` still follows it. */
	release(requestId: bigint, listener: RequestListener): void;
	/** The error the session closed with, once closed. */
	readonly closedError: SessionError | undefined;
}
