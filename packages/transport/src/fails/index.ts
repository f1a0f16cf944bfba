/**
 * `@moqt/transport/fails`: WebTransport server and client for Node.js on
 * `@fails-components/webtransport` (an optional dependency, loaded on first use), over HTTP/3
 * when its native addon is installed and HTTP/2 otherwise.
 *
 * @module
 */

export { type ConnectWebTransportNodeOptions, connectWebTransportNode, WT_ALPN_ERROR } from "./client.js";
export { type ListenWebTransportOptions, listenWebTransport } from "./server.js";
