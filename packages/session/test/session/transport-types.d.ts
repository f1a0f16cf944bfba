// `@moqt/transport`'s entry also holds the W3C WebTransport adapter, which names one DOM type that
// this package's ES2022-only compilation lacks. The tests import the in-memory pair from that
// entry, so the type is declared here for them (the package's own sources never import it).
type ReadableStreamReadResult<T> = { done: false; value: T } | { done: true; value?: T };
