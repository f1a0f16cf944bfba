/**
 * The transport conformance suite: one set of behavioural checks every {@link TransportSession}
 * adapter runs (the libp2p interface-compliance-tests pattern). Semantics follow QUIC streams
 * (RFC 9000 §2–§4, §10), datagrams (RFC 9221) and WebTransport sessions
 * (draft-ietf-webtrans-http3 §4–§6, draft-ietf-webtrans-http2 §5–§6).
 *
 * API (stable; other adapters' test files call it):
 *
 * ```ts
 * runConformance("my adapter", async () => {
 *   // build a connected pair; called once per test
 *   return { client, server, cleanup: async () => {...}, vanish: () => {...} };
 * }, { unsupported: { datagrams: "why" }, maxStreamErrorCode: 255 });
 * ```
 *
 * - `makePair()` returns two connected sessions, a `cleanup()` run after every test (also after
 *   failures; sessions may already be closed), and optionally `vanish()`, which must make the
 *   connection disappear under both sessions without a close being exchanged (destroy the socket,
 *   cut a relay).
 * - Options declare what the transport cannot do. A feature in `unsupported` shows up as a
 *   skipped test whose title carries the reason; nothing is skipped without being declared, and a
 *   missing `vanish()` without a declaration fails the test.
 * - Incoming streams are taken with `next()` on one iterator per session and kind, and in one test
 *   with `for await` loops that are left and resumed: adapters must let a new iteration continue
 *   where the last one stopped.
 * - No test asserts on time. The backpressure test waits for the writer to stall (its progress
 *   stops changing across several polls) and then checks how many bytes it completed.
 *
 * @module
 */

import { describe, expect, it } from "vitest";
import { StreamError, TransportError } from "../src/errors.js";
import type { BidiStream, ReceiveStream, SendStream, SessionClosed, TransportSession } from "../src/types.js";

/** What `makePair()` returns. */
export interface ConformancePair {
	readonly client: TransportSession;
	readonly server: TransportSession;
	/** Releases everything the pair holds (sockets, servers); sessions may already be closed. */
	cleanup(): Promise<void>;
	/** Makes the connection vanish under both sessions, without a close being exchanged. */
	vanish?(): void | Promise<void>;
}

/** Features a transport may declare it cannot provide. */
export type ConformanceFeature =
	/** Datagrams in both directions. */
	| "datagrams"
	/** `vanish()`: surviving the connection disappearing. */
	| "vanish"
	/** A writer stalls while the reader does not read. */
	| "backpressure"
	/** Stream credit comes back as streams close, so more than the stream limit can be opened over time. */
	| "streamCredit"
	/** Resetting or stopping one direction of a bidirectional stream leaves the other usable. */
	| "independentHalves";

/** What the transport under test can and cannot do. */
export interface ConformanceOptions {
	/** Features the transport lacks, each with the reason (shown in the skipped test's title). */
	readonly unsupported?: { readonly [F in ConformanceFeature]?: string };
	/** Whether streams carry transport stream IDs (`id` a bigint); false: always undefined. Default true. */
	readonly streamIds?: boolean;
	/** The largest stream error code the transport carries (W3C WebTransport: 255). Default 2^32 − 1. */
	readonly maxStreamErrorCode?: number;
	/** Whether datagrams can be lost here; lossless transports must deliver every one. Default false. */
	readonly lossyDatagrams?: boolean;
	/** The protocol both sessions must report (undefined: none negotiated). Default undefined. */
	readonly protocol?: string;
	/** Streams opened at once in the concurrency test. Default 200 (beyond a 100-stream limit). */
	readonly concurrentStreams?: number;
	/** Most bytes a writer may complete while the reader does not read. Default 16 MiB. */
	readonly backpressureLimit?: number;
}

const MiB = 1024 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Registers the conformance tests for one transport under `describe(name)`. */
export function runConformance(
	name: string,
	makePair: () => Promise<ConformancePair>,
	options: ConformanceOptions = {},
): void {
	const maxCode = options.maxStreamErrorCode ?? 2 ** 32 - 1;
	const streamIds = options.streamIds ?? true;

	/** A test that gets a fresh pair and always cleans it up. */
	const test = (title: string, body: (pair: ConformancePair) => Promise<void>, feature?: ConformanceFeature) => {
		const reason = feature && options.unsupported?.[feature];
		if (reason) {
			it.skip(`${title} (unsupported: ${reason})`, () => {});
			return;
		}
		it(title, async () => {
			const pair = await makePair();
			try {
				await body(pair);
			} finally {
				await pair.cleanup();
			}
		});
	};

	describe(`${name}: transport conformance`, () => {
		describe("streams", () => {
			test("bidirectional streams both ways, with matching IDs", async ({ client, server }) => {
				for (const [opener, acceptor] of [
					[client, server],
					[server, client],
				] as const) {
					const local = await opener.openBidi();
					await local.writable.write(encoder.encode("ping"));
					await local.writable.finish();
					const remote = await nextBidi(acceptor);
					expect(decoder.decode(await readAll(remote.readable))).toBe("ping");
					await remote.writable.write(encoder.encode("pong"));
					await remote.writable.finish();
					expect(decoder.decode(await readAll(local.readable))).toBe("pong");
					checkIds(local, remote, streamIds);
				}
			});

			test("unidirectional streams both ways", async ({ client, server }) => {
				for (const [opener, acceptor] of [
					[client, server],
					[server, client],
				] as const) {
					const send = await opener.openUni();
					await send.write(encoder.encode("one way"));
					await send.finish();
					const receive = await nextUni(acceptor);
					expect(decoder.decode(await readAll(receive))).toBe("one way");
					if (streamIds) {
						expect(typeof send.id).toBe("bigint");
						expect(receive.id).toBe(send.id);
					} else {
						expect([send.id, receive.id]).toEqual([undefined, undefined]);
					}
				}
			});

			test("small and large writes arrive intact, echoed back concurrently", async ({ client, server }) => {
				const data = pattern(1, 10 * MiB);
				const chunks = mixedChunks(data);
				const local = await client.openBidi();
				const echo = (async () => {
					const remote = await nextBidi(server);
					for await (const chunk of remote.readable) await remote.writable.write(chunk);
					await remote.writable.finish();
				})();
				const writing = (async () => {
					for (const chunk of chunks) await local.writable.write(chunk);
					await local.writable.finish();
				})();
				const [echoed] = await Promise.all([readAll(local.readable), writing, echo]);
				expectSameBytes(echoed, data);
			});

			test("FIN ends the stream after its data, and settles `closed`", async ({ client, server }) => {
				const local = await client.openBidi();
				await local.writable.write(encoder.encode("last words"));
				await local.writable.finish();
				const remote = await nextBidi(server);
				expect(decoder.decode(await readAll(remote.readable))).toBe("last words");
				expect(await remote.readable.read()).toBeUndefined();
				await expect(local.writable.closed).resolves.toBeUndefined();
				await expect(local.writable.write(encoder.encode("late"))).rejects.toSatisfy(StreamError.isInstance);
				// An empty stream: FIN without data, the other way.
				await remote.writable.finish();
				expect(await local.readable.read()).toBeUndefined();
				const empty = await server.openUni();
				await empty.finish();
				expect(await (await nextUni(client)).read()).toBeUndefined();
			});

			test("a write buffer may be reused as soon as write() resolves", async ({ client, server }) => {
				const send = await client.openUni();
				const buffer = new Uint8Array(64 * 1024);
				const count = 64;
				const writing = (async () => {
					for (let i = 0; i < count; i++) {
						buffer.fill(fillByte(i));
						await send.write(buffer);
					}
					buffer.fill(0xee);
					await send.finish();
				})();
				const [received] = await Promise.all([readAll(await nextUni(server)), writing]);
				expect(received.byteLength).toBe(count * buffer.byteLength);
				for (let i = 0; i < count; i++) {
					const region = received.subarray(i * buffer.byteLength, (i + 1) * buffer.byteLength);
					expect(region.every((byte) => byte === fillByte(i))).toBe(true);
				}
			});

			test("sendOrder is kept and can be changed", async ({ client }) => {
				const send = await client.openUni({ sendOrder: 7 });
				expect(send.sendOrder).toBe(7);
				send.sendOrder = -3;
				expect(send.sendOrder).toBe(-3);
				const bidi = await client.openBidi();
				expect(bidi.writable.sendOrder).toBe(0);
			});

			test("incoming iteration can be left and resumed", async ({ client, server }) => {
				for (let i = 0; i < 3; i++) {
					const send = await client.openUni();
					await send.write(Uint8Array.of(i));
					await send.finish();
				}
				const seen: number[] = [];
				for await (const stream of server.incomingUni) {
					seen.push((await readAll(stream))[0] ?? -1);
					break;
				}
				for await (const stream of server.incomingUni) {
					seen.push((await readAll(stream))[0] ?? -1);
					if (seen.length === 3) break;
				}
				expect(seen).toEqual([0, 1, 2]);
			});
		});

		describe("resets and STOP_SENDING", () => {
			test(
				"resetting one direction of a bidirectional stream leaves the other open",
				async ({ client, server }) => {
					for (const [opener, acceptor] of [
						[client, server],
						[server, client],
					] as const) {
						const local = await opener.openBidi();
						await local.writable.write(Uint8Array.of(1));
						const remote = await nextBidi(acceptor);
						local.writable.reset(1);
						await expectStreamError(drain(remote.readable), "reset", 1);
						await remote.writable.write(encoder.encode("still open"));
						await remote.writable.finish();
						expect(decoder.decode(await readAll(local.readable))).toBe("still open");
						// And the other way round: stopping one direction leaves the other writable.
						const again = await opener.openBidi();
						await again.writable.write(Uint8Array.of(2));
						const peer = await nextBidi(acceptor);
						await peer.readable.read();
						peer.readable.stopSending(2);
						await expectStreamError(writeUntilFails(again.writable), "stop-sending", 2);
						await peer.writable.write(encoder.encode("still writable"));
						await peer.writable.finish();
						expect(decoder.decode(await readAll(again.readable))).toBe("still writable");
					}
				},
				"independentHalves",
			);

			for (const code of [0, 42, maxCode]) {
				test(`RESET_STREAM code ${code} reaches the reader, both ways`, async ({ client, server }) => {
					// Client resets its send side of a bidi stream; the other direction stays usable.
					const local = await client.openBidi();
					await local.writable.write(pattern(2, 1000));
					const remote = await nextBidi(server);
					local.writable.reset(code);
					await expectStreamError(drain(remote.readable), "reset", code);
					await expectStreamError(local.writable.closed, "local", code);
					await expectStreamError(local.writable.write(Uint8Array.of(1)), "local", code);
					// Server resets a stream it opened.
					const send = await server.openUni();
					await send.write(pattern(3, 1000));
					send.reset(code);
					send.reset(code + 1 > maxCode ? 0 : code + 1); // idempotent: the first code stands
					await expectStreamError(drain(await nextUni(client)), "reset", code);
				});

				test(`STOP_SENDING code ${code} fails the writer, both ways`, async ({ client, server }) => {
					for (const [opener, acceptor] of [
						[client, server],
						[server, client],
					] as const) {
						const send = await opener.openUni();
						await send.write(pattern(4, 100));
						const receive = await nextUni(acceptor);
						expect((await receive.read())?.byteLength).toBeGreaterThan(0);
						receive.stopSending(code);
						await expectStreamError(writeUntilFails(send), "stop-sending", code);
						await expectStreamError(send.closed, "stop-sending", code);
						await expectStreamError(receive.read(), "local", code);
					}
				});
			}
		});

		describe("datagrams", () => {
			test(
				"datagrams both ways, and the payload buffer may be reused after send()",
				async ({ client, server }) => {
					for (const [sender, receiver] of [
						[client, server],
						[server, client],
					] as const) {
						const max = sender.datagrams.maxSize;
						expect(max).toBeGreaterThan(0);
						expect(sender.datagrams.send(new Uint8Array(max + 1))).toBe(false);
						const size = Math.min(max, 1000);
						const count = 50;
						const expected = new Set<string>();
						const buffer = new Uint8Array(size);
						const send = () => {
							for (let i = 0; i < count; i++) {
								buffer.set(pattern(100 + i, size));
								expected.add(hex(buffer));
								if (!sender.datagrams.send(buffer) && !options.lossyDatagrams) {
									throw new Error(`datagram ${i} was refused by a lossless transport`);
								}
							}
							buffer.fill(0);
						};
						const incoming = receiver.datagrams.incoming[Symbol.asyncIterator]();
						send();
						if (options.lossyDatagrams) {
							// Some may be lost: resend until one arrives, then check it is one we sent.
							const first = incoming.next();
							let rounds = 0;
							while (!(await Promise.race([first.then(() => true), sleep(100).then(() => false)]))) {
								if (++rounds > 50) throw new Error("no datagram arrived after 50 bursts");
								send();
							}
							const { value } = await first;
							expect(value && expected.has(hex(value))).toBe(true);
						} else {
							const received = new Set<string>();
							while (received.size < count) {
								// A lost datagram would leave this waiting: fail with a count instead.
								const next = await Promise.race([incoming.next(), sleep(5000).then(() => undefined)]);
								if (!next) throw new Error(`only ${received.size} of ${count} datagrams arrived`);
								expect(next.done).toBe(false);
								if (next.value) received.add(hex(next.value));
							}
							expect(received).toEqual(expected);
						}
					}
				},
				"datagrams",
			);
		});

		describe("session close", () => {
			for (const side of ["client", "server"] as const) {
				test(`close by the ${side} carries code and reason; streams and opens fail`, async (pair) => {
					const closer = pair[side];
					const peer = side === "client" ? pair.server : pair.client;
					const local = await pair.client.openBidi();
					await local.writable.write(Uint8Array.of(1));
					const remote = await nextBidi(pair.server);
					await remote.readable.read();
					const closerStream = side === "client" ? local : remote;
					const peerStream = side === "client" ? remote : local;
					// Expectations attach handlers now: the reads reject before they are awaited.
					const pendingCloser = expectStreamError(closerStream.readable.read(), "session-closed");
					const pendingPeer = expectStreamError(peerStream.readable.read(), "session-closed");
					const reason = "going away ✓";
					closer.close({ code: 0xdead, reason });
					closer.close({ code: 1, reason: "ignored" });
					expect(await closer.closed).toMatchObject({ code: 0xdead, reason, remote: false });
					const seen: SessionClosed = await peer.closed;
					expect(seen).toMatchObject({ code: 0xdead, reason, remote: true });
					expect(seen.transportError).toBeUndefined();
					await pendingCloser;
					await pendingPeer;
					for (const session of [closer, peer]) {
						await expect(session.openBidi()).rejects.toSatisfy(isClosedError);
						await expect(session.openUni()).rejects.toSatisfy(isClosedError);
						for await (const _ of session.incomingBidi) throw new Error("no streams after close");
						for await (const _ of session.incomingUni) throw new Error("no streams after close");
					}
				});
			}

			test(
				"the peer vanishing ends both sessions and fails pending reads and writes",
				async (pair) => {
					if (!pair.vanish) throw new Error("makePair() gave no vanish(); declare unsupported.vanish instead");
					const local = await pair.client.openBidi();
					await local.writable.write(Uint8Array.of(1));
					const remote = await nextBidi(pair.server);
					await remote.readable.read();
					const reads = [expectStreamError(local.readable.read()), expectStreamError(remote.readable.read())];
					await pair.vanish();
					const [clientClosed, serverClosed] = await Promise.all([pair.client.closed, pair.server.closed]);
					expect(typeof clientClosed.code).toBe("number");
					expect(typeof serverClosed.code).toBe("number");
					await Promise.all(reads);
					await expectStreamError(writeUntilFails(local.writable));
					await expectStreamError(writeUntilFails(remote.writable));
				},
				"vanish",
			);
		});

		describe("limits", () => {
			const count = options.concurrentStreams ?? 200;
			test(
				`${count} concurrent bidirectional and unidirectional streams`,
				async ({ client, server }) => {
					const serving = (async () => {
						await Promise.all(
							Array.from({ length: count }, async () => {
								const stream = await nextBidi(server);
								const request = await readAll(stream.readable);
								await stream.writable.write(request.slice().reverse());
								await stream.writable.finish();
							}),
						);
					})();
					const requests = Array.from({ length: count }, async (_, i) => {
						const stream = await client.openBidi();
						await stream.writable.write(encoder.encode(`request ${i}`));
						await stream.writable.finish();
						return decoder.decode(await readAll(stream.readable));
					});
					const replies = await Promise.all(requests);
					await serving;
					expect(replies).toEqual(Array.from({ length: count }, (_, i) => [...`request ${i}`].reverse().join("")));

					const pushing = Array.from({ length: count }, async (_, i) => {
						const send = await server.openUni();
						await send.write(encoder.encode(String(i)));
						await send.finish();
					});
					const received = await Promise.all(
						Array.from({ length: count }, async () => Number(decoder.decode(await readAll(await nextUni(client))))),
					);
					await Promise.all(pushing);
					expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
				},
				"streamCredit",
			);

			const limit = options.backpressureLimit ?? 16 * MiB;
			test(
				`a writer stalls within ${limit / MiB} MiB while the reader does not read`,
				async ({ client, server }) => {
					const send = await client.openUni();
					const chunkSize = 64 * 1024;
					const total = limit + 8 * MiB;
					let completed = 0;
					const writing = (async () => {
						while (completed < total) {
							await send.write(pattern(completed, chunkSize));
							completed += chunkSize;
						}
						await send.finish();
					})();
					// Wait (not assert) until progress stops: unchanged over four polls.
					let last = -1;
					let still = 0;
					while (still < 4 && completed < total) {
						await sleep(50);
						still = completed === last ? still + 1 : 0;
						last = completed;
					}
					expect(completed).toBeLessThanOrEqual(limit);
					const [received] = await Promise.all([readAll(await nextUni(server)), writing]);
					expect(received.byteLength).toBe(total);
					for (let offset = 0; offset < total; offset += chunkSize) {
						expectSameBytes(received.subarray(offset, offset + chunkSize), pattern(offset, chunkSize));
					}
				},
				"backpressure",
			);
		});

		describe("protocol", () => {
			test(`both ends report protocol ${JSON.stringify(options.protocol)}`, async ({ client, server }) => {
				expect(client.protocol).toBe(options.protocol);
				expect(server.protocol).toBe(options.protocol);
			});
		});
	});
}

const iterators = new WeakMap<
	TransportSession,
	{ bidi?: AsyncIterator<BidiStream>; uni?: AsyncIterator<ReceiveStream> }
>();

/** The next bidirectional stream the peer opened, from one iterator per session. */
async function nextBidi(session: TransportSession): Promise<BidiStream> {
	const entry = iterators.get(session) ?? {};
	iterators.set(session, entry);
	entry.bidi ??= session.incomingBidi[Symbol.asyncIterator]();
	const { value, done } = await entry.bidi.next();
	if (done || !value) throw new Error("incomingBidi ended");
	return value;
}

/** The next unidirectional stream the peer opened, from one iterator per session. */
async function nextUni(session: TransportSession): Promise<ReceiveStream> {
	const entry = iterators.get(session) ?? {};
	iterators.set(session, entry);
	entry.uni ??= session.incomingUni[Symbol.asyncIterator]();
	const { value, done } = await entry.uni.next();
	if (done || !value) throw new Error("incomingUni ended");
	return value;
}

async function readAll(stream: ReceiveStream): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	let length = 0;
	for (let chunk = await stream.read(); chunk !== undefined; chunk = await stream.read()) {
		chunks.push(chunk);
		length += chunk.byteLength;
	}
	const all = new Uint8Array(length);
	let offset = 0;
	for (const chunk of chunks) {
		all.set(chunk, offset);
		offset += chunk.byteLength;
	}
	return all;
}

/** Reads until the stream ends or fails; resolves at FIN, rejects with the failure. */
async function drain(stream: ReceiveStream): Promise<void> {
	while ((await stream.read()) !== undefined) {}
}

/** Writes until a write rejects, and rejects with that error (bounded, so a broken adapter fails). */
async function writeUntilFails(stream: SendStream): Promise<never> {
	const chunk = new Uint8Array(16 * 1024);
	for (let i = 0; i < 100_000; i++) await stream.write(chunk);
	throw new Error("writes kept succeeding");
}

/** Expects `promise` to reject with a StreamError (of `kind`, with `code`, where given). */
async function expectStreamError(promise: Promise<unknown>, kind?: StreamError["kind"], code?: number): Promise<void> {
	const error = await promise.then(
		() => undefined,
		(reason: unknown) => reason,
	);
	expect(StreamError.isInstance(error), `expected a StreamError, got ${String(error)}`).toBe(true);
	if (kind !== undefined) expect((error as StreamError).kind).toBe(kind);
	if (code !== undefined) expect((error as StreamError).errorCode).toBe(code);
}

function isClosedError(error: unknown): boolean {
	return TransportError.isInstance(error) && error.code === "closed";
}

function checkIds(local: BidiStream, remote: BidiStream, streamIds: boolean): void {
	const ids = [local.id, local.readable.id, local.writable.id, remote.id, remote.readable.id, remote.writable.id];
	if (!streamIds) {
		expect(ids.every((id) => id === undefined)).toBe(true);
		return;
	}
	expect(typeof local.id).toBe("bigint");
	expect(ids.every((id) => id === local.id)).toBe(true);
}

/** Deterministic bytes: a 32-bit xorshift stream seeded by `seed`. */
function pattern(seed: number, length: number): Uint8Array {
	const bytes = new Uint8Array(length);
	let x = (seed * 2654435761 + 1) >>> 0 || 1;
	for (let i = 0; i < length; i++) {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		bytes[i] = x & 0xff;
	}
	return bytes;
}

/** Splits `data` into 2,000 small writes (1–37 bytes), then 512 KiB writes, then one of the rest. */
function mixedChunks(data: Uint8Array): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	let offset = 0;
	for (let i = 0; i < 2000; i++) {
		const size = (i % 37) + 1;
		chunks.push(data.subarray(offset, offset + size));
		offset += size;
	}
	for (let i = 0; i < 8; i++) {
		chunks.push(data.subarray(offset, offset + 512 * 1024));
		offset += 512 * 1024;
	}
	chunks.push(data.subarray(offset));
	return chunks;
}

function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
	expect(actual.byteLength).toBe(expected.byteLength);
	const mismatch = actual.findIndex((byte, i) => byte !== expected[i]);
	expect(mismatch, "index of the first differing byte").toBe(-1);
}

function fillByte(i: number): number {
	return (i * 7 + 1) & 0xff;
}

function hex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
