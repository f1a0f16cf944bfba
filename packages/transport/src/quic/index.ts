/**
 * `@moqt/transport/quic`: MoQT over raw QUIC (RFC 9000, RFC 9001, RFC 9221 datagrams), Node.js
 * only, driving quiche's bindings directly. {@link listenQuic} serves many connections on one
 * UDP socket with the ALPN picked by the server's preference; {@link connectQuic} connects.
 *
 * @module
 */

export { connectQuic, type QuicClientOptions, type QuicTarget } from "./client.js";
export type { PemSource } from "./config.js";
export type { QuicTransportOptions } from "./options.js";
export { listenQuic, type QuicServer, type QuicServerOptions } from "./server.js";
export type { QuicSession } from "./session.js";
export type { CertificateHash } from "./verify.js";
