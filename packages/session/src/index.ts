/**
 * `@moqt/session`: MoQT sessions (draft-ietf-moq-transport-14, -16, -18, -19).
 *
 * For now the package exports its deterministic protocol core (`./core`, also at
 * `@moqt/session/core`); the async driver over `@moqt/transport` and the data plane build on it.
 *
 * @packageDocumentation
 */

// The core's index is itself a curated list of public names.
export * from "./core/index.js";
