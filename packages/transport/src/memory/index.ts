/**
 * The in-memory transport: a connected pair of sessions, and a server/connect pair built on it,
 * for deterministic tests of everything above the transport. Platform-neutral.
 *
 * @module
 */

export { type ConnectMemoryOptions, connectMemory, MemoryServer, type MemoryServerOptions } from "./server.js";
export { createMemoryPair, type MemoryPairOptions, type MemorySession } from "./session.js";
