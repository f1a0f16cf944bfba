/**
 * The QUIC connection ID for the `connection_id` diagnostics (mlog/qlog correlation,
 * TEST-CLIENT-INTERFACE.md "Connection ID Conventions"), as far as our transports show one.
 *
 * `@moqt/transport` declares no connection ID on its sessions. A raw QUIC session is, at run
 * time, the driver's connection object, which holds quiche's connection as `quiche`; its
 * `sourceId()` is the connection ID we chose (the client's Source Connection ID, RFC 9000 §7.2).
 * That member is read here defensively, so that a driver without it yields no ID rather than an
 * error. A WebTransport session over HTTP/3 keeps its QUIC connection private: no ID there.
 *
 * @module
 */

import type { TransportSession } from "@moqt/transport/interface";

/** Our Source Connection ID (hex) when `transport` is a raw QUIC connection that exposes it. */
export function connectionIdOf(transport: TransportSession): string | undefined {
	if (transport.kind !== "quic") return undefined;
	const quiche: unknown = Reflect.get(transport, "quiche");
	if (typeof quiche !== "object" || quiche === null) return undefined;
	const sourceId: unknown = Reflect.get(quiche, "sourceId");
	if (typeof sourceId !== "function") return undefined;
	const id: unknown = sourceId.call(quiche);
	return id instanceof Uint8Array ? Buffer.from(id).toString("hex") : undefined;
}
