/**
 * A raw QUIC connection waiting for the server application's decision. QUIC has no request
 * step: the handshake (RFC 9001) already completed, ALPN included, so accepting hands over the
 * session, and rejecting closes the connection with CONNECTION_REFUSED (RFC 9000 §20.1).
 *
 * @module
 */

import { TransportError } from "../errors.js";
import type { SessionRequest } from "../types.js";
import type { QuicConnection } from "./connection.js";
import { TransportCode } from "./native.js";
import type { QuicSession } from "./session.js";

/** An established connection offered to the server application. */
export class QuicSessionRequest implements SessionRequest {
	readonly kind = "quic" as const;
	readonly url: string;
	/** Unknown at this layer: MoQT sends its PATH in CLIENT_SETUP on raw QUIC. */
	readonly path = "";
	readonly authority: string;
	readonly origin = undefined;
	/** The ALPN selected in the handshake. */
	readonly protocols: readonly string[];
	readonly remoteAddress: string;
	readonly #connection: QuicConnection;
	#answered = false;

	constructor(connection: QuicConnection, authority: string) {
		this.#connection = connection;
		this.authority = authority;
		this.url = `moqt://${authority}`;
		this.protocols = connection.protocol === undefined ? [] : [connection.protocol];
		this.remoteAddress = connection.remoteAddress;
	}

	accept(options?: { readonly protocol?: string }): Promise<QuicSession> {
		const protocol = options?.protocol;
		if (protocol !== undefined && !this.protocols.includes(protocol)) {
			return Promise.reject(
				new TransportError("protocol", `protocol ${JSON.stringify(protocol)} was not negotiated (ALPN)`),
			);
		}
		if (this.#answered) {
			return Promise.reject(new TransportError("invalid-state", "the session request was already answered"));
		}
		this.#answered = true;
		if (!this.#connection.open) return Promise.reject(new TransportError("closed", "the client is gone"));
		return Promise.resolve(this.#connection);
	}

	reject(status = 404, reason = ""): void {
		if (this.#answered) return;
		this.#answered = true;
		const text = `rejected with status ${status}${reason ? `: ${reason}` : ""}`;
		this.#connection.closeWithTransportError(TransportCode.CONNECTION_REFUSED, text);
	}
}
