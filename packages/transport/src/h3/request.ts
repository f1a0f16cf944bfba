/**
 * A WebTransport session request waiting for the server application's answer
 * (draft-ietf-webtrans-http3 §"Creating a New Session"): accepting answers 200, with the chosen
 * WT-Protocol (§"Application Protocol Negotiation") and, for draft-02 clients such as Chromium,
 * `sec-webtransport-http3-draft: draft02`; rejecting answers the HTTP status.
 *
 * @module
 */

import { TransportError } from "../errors.js";
import type { SessionRequest } from "../types.js";
import type { ConnectRequest, WebTransportProtocol } from "./connect.js";
import type { H3Link } from "./link.js";
import type { H3Session } from "./session.js";

/** A requested WebTransport session, before it is accepted. */
export class H3SessionRequest implements SessionRequest {
	readonly kind = "webtransport-h3" as const;
	readonly url: string;
	readonly path: string;
	readonly authority: string;
	readonly origin: string | undefined;
	/** The application protocols offered in WT-Available-Protocols, most preferred first. */
	readonly protocols: readonly string[];
	readonly remoteAddress: string;
	/** The session ID (the CONNECT stream's QUIC stream ID). */
	readonly sessionId: bigint;
	/** The upgrade token the client sent: "webtransport-h3" (draft-15+) or "webtransport". */
	readonly upgrade: WebTransportProtocol;
	/** True when the client speaks draft-02 (`sec-webtransport-http3-draft02: 1`), as Chromium does. */
	readonly draft02: boolean;
	readonly #link: H3Link;
	readonly #preference: readonly string[];
	#state: "pending" | "answered" | "gone" = "pending";

	/** @param preference The server's protocols, most preferred first: `accept()` picks from them. */
	constructor(link: H3Link, sessionId: bigint, request: ConnectRequest, preference: readonly string[]) {
		this.#link = link;
		this.sessionId = sessionId;
		this.#preference = preference;
		this.path = request.path;
		this.authority = request.authority;
		this.origin = request.origin;
		this.protocols = request.protocols;
		this.upgrade = request.upgrade;
		this.draft02 = request.draft02;
		this.url = `https://${request.authority}${request.path}`;
		this.remoteAddress = link.remoteAddress;
	}

	/** True until the request is answered or the client gives up. */
	get pending(): boolean {
		return this.#state === "pending";
	}

	/**
	 * Accepts the session with `protocol` (one of {@link H3SessionRequest.protocols}). Without one,
	 * the server's most preferred protocol that the client offers is chosen, if any.
	 */
	accept(options?: { readonly protocol?: string }): Promise<H3Session> {
		const protocol = options?.protocol ?? this.#preference.find((p) => this.protocols.includes(p));
		if (protocol !== undefined && !this.protocols.includes(protocol)) {
			return Promise.reject(new TransportError("protocol", `protocol ${JSON.stringify(protocol)} was not offered`));
		}
		if (this.#state === "answered") {
			return Promise.reject(new TransportError("invalid-state", "the session request was already answered"));
		}
		if (this.#state === "gone") return Promise.reject(new TransportError("closed", "the client is gone"));
		this.#state = "answered";
		try {
			return Promise.resolve(this.#link.accept(this.sessionId, protocol));
		} catch (error) {
			return Promise.reject(error);
		}
	}

	/** Refuses the session with an HTTP status of 300 or more (default 404). The reason is not sent. */
	reject(status = 404): void {
		if (this.#state !== "pending") return;
		if (!Number.isInteger(status) || status < 300 || status > 599) {
			throw new RangeError(`a refusal needs a status in [300, 599], got ${status}`);
		}
		this.#state = "answered";
		this.#link.reject(this.sessionId, status);
	}

	/** The client cancelled the request, or the connection ended, before an answer. */
	gone(): void {
		if (this.#state === "pending") this.#state = "gone";
	}
}
