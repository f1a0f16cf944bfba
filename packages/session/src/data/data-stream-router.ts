/**
 * The subscriber side of the data plane: routes every incoming unidirectional stream and datagram
 * to the subscription or fetch it belongs to (draft-ietf-moq-transport-14/-16 §10 and -18/-19 §11
 * "Data Streams and Datagrams"):
 *
 * - Subgroup streams and datagrams by Track Alias (§10.1 / §11.1 "Track Alias"), through
 *   `resolveAlias`. "If an endpoint receives a subgroup with an unknown Track Alias, it MAY abandon
 *   the stream, or choose to buffer it for a brief period to handle reordering with the control
 *   message that establishes the Track Alias" (-19 §11.4.2; datagrams: §11.3): while the driver
 *   answers "pending", objects are held within a byte budget shared by all pending streams and
 *   datagrams (over it, pending streams are not read and pending datagrams are dropped) and for at
 *   most `maxPendingMs`; then the stream is abandoned with STOP_SENDING (CANCELLED). `aliasReady`
 *   re-resolves at once when SUBSCRIBE_OK / PUBLISH arrives.
 * - Fetch streams by Request ID, through `resolveFetch`, with the fetch's group order when known
 *   (from -17 the Group ID Deltas need it; `setFetchGroupOrder` supplies it later).
 * - -17+ control streams (SETUP) go back to the driver; padding streams (§11.5.1) are discarded.
 * - An unknown alias (`resolveAlias` → undefined) or fetch: STOP_SENDING (CANCELLED) — objects of
 *   cancelled subscriptions are discarded quickly (§11.1), and nothing else names a better code.
 * - Malformed streams and datagrams: the WireError goes to `onError`, whose `terminationCode` the
 *   driver closes the session with. Decoders apply the wire limits given.
 *
 * Backpressure: see types.ts. A full sink stops the reading of its streams and drops its
 * datagrams (they cannot be held back), so memory stays bounded by the sinks' limits, the pending
 * budget, and one chunk per stream.
 *
 * @module
 */

import {
	type CodecOptions,
	DataStreamDecoder,
	type DataStreamHeader,
	type Draft,
	decodeDatagram,
	type GroupOrder,
	type ObjectDatagram,
	StreamResetCode,
	WireError,
	type WireLimits,
} from "@moqt/wire";
import type { Clock } from "./clock.js";
import { IncomingStream, type StreamRouterHost, toReceived } from "./incoming-stream.js";
import type { DataReceiveStream } from "./transport.js";
import type { FetchItemReceived, ObjectSink, ReceivedObject } from "./types.js";

/** Where a fetch stream's items go. */
export interface FetchRoute {
	readonly sink: ObjectSink<FetchItemReceived>;
	/** The fetch's group order, when known (FETCH / FETCH_OK); needed from -17. */
	readonly groupOrder?: GroupOrder;
}

/** What a router is made with. */
export interface DataStreamRouterOptions {
	readonly draft: Draft;
	readonly clock: Clock;
	/** The subscription of a Track Alias: its sink, "pending" (wait for it), or undefined (unknown). */
	resolveAlias(alias: bigint): ObjectSink | "pending" | undefined;
	/** The fetch of a Request ID, or undefined (unknown or cancelled). */
	resolveFetch(requestId: bigint): FetchRoute | undefined;
	/** A malformed stream or datagram: close the session with `error.terminationCode`. */
	onError(error: WireError): void;
	/**
	 * A -17+ control stream, with the bytes already read from it. Without this callback a control
	 * stream arriving here is an error (the driver is expected to detect it first).
	 */
	onControlStream?(stream: DataReceiveStream, head: Uint8Array): void;
	/** Bytes held for unknown aliases, over all streams and datagrams. Default 1 MiB. */
	readonly maxPendingBytes?: number;
	/** How long a stream or datagram waits for its alias, in milliseconds. Default 2000. */
	readonly maxPendingMs?: number;
	/** Limits for the decoders (object payload size, properties size). */
	readonly limits?: Partial<WireLimits>;
}

/** What the router holds, for tests and monitoring. */
export interface DataStreamRouterStats {
	/** Streams being read. */
	readonly streams: number;
	/** Streams waiting for their Track Alias. */
	readonly pendingStreams: number;
	/** Datagrams waiting for their Track Alias. */
	readonly pendingDatagrams: number;
	/** Bytes held for unknown aliases (counted against `maxPendingBytes`). */
	readonly pendingBytes: number;
	/** Every byte the router holds: undelivered objects, partial objects, pending datagrams. */
	readonly bufferedBytes: number;
	/** Timers running (waits for aliases). */
	readonly timers: number;
	/** Datagrams dropped: full sink, unknown alias, over the pending budget, or timed out. */
	readonly droppedDatagrams: number;
}

interface PendingDatagrams {
	readonly items: ObjectDatagram[];
	cancelTimer: () => void;
}

const EMPTY = new Uint8Array(0);

/** Routes incoming data streams and datagrams to their subscriptions and fetches. */
export class DataStreamRouter {
	private readonly options: DataStreamRouterOptions;
	private readonly codec: CodecOptions;
	private readonly host: StreamRouterHost;
	private readonly streams = new Set<IncomingStream>();
	private readonly byAlias = new Map<bigint, Set<IncomingStream>>();
	private readonly byFetch = new Map<bigint, IncomingStream>();
	private readonly datagrams = new Map<bigint, PendingDatagrams>();
	private readonly codes: (typeof StreamResetCode)[Draft];
	private pending = 0;
	private dropped = 0;
	private closed = false;

	constructor(options: DataStreamRouterOptions) {
		this.options = options;
		this.codec = options.limits === undefined ? {} : { limits: options.limits };
		this.codes = StreamResetCode[options.draft];
		const maxPendingBytes = options.maxPendingBytes ?? 1024 * 1024;
		this.host = {
			draft: options.draft,
			codes: this.codes,
			maxPendingBytes,
			pendingBytes: () => this.pending,
			decoder: () => new DataStreamDecoder(options.draft, this.codec),
			route: (stream, header) => this.route(stream, header),
			addPendingBytes: (delta) => this.addPending(delta),
			controlStream: (stream, head) => {
				if (options.onControlStream !== undefined) options.onControlStream(stream, head);
				else options.onError(new WireError("unknown-message", "a control stream where a data stream was expected"));
			},
			error: (error) => options.onError(error),
			done: (stream) => this.forget(stream),
		};
	}

	/** Reads an incoming unidirectional stream (`head`: bytes the driver already read). Never rejects. */
	handleStream(stream: DataReceiveStream, head: Uint8Array = EMPTY): Promise<void> {
		if (this.closed) {
			stream.stopSending(this.codes.SESSION_CLOSED);
			return Promise.resolve();
		}
		const incoming = new IncomingStream(this.host, stream);
		this.streams.add(incoming);
		return incoming.run(head);
	}

	/** Routes one received datagram. */
	handleDatagram(bytes: Uint8Array): void {
		if (this.closed) return;
		let d: ReturnType<typeof decodeDatagram>;
		try {
			d = decodeDatagram(bytes, this.options.draft, this.codec);
		} catch (e) {
			if (e instanceof WireError) this.options.onError(e);
			else throw e;
			return;
		}
		if (d.type === "PADDING") return;
		const route = this.options.resolveAlias(d.trackAlias);
		if (route === "pending") this.holdDatagram(d);
		else if (route === undefined) this.dropped++;
		else this.deliverDatagram(route, d);
	}

	/** The driver learned a Track Alias (SUBSCRIBE_OK, PUBLISH): route what waits for it. */
	aliasReady(alias: bigint): void {
		for (const s of [...(this.byAlias.get(alias) ?? [])]) if (s.state === "pending") this.resolvePending(s, alias);
		const waiting = this.datagrams.get(alias);
		if (waiting !== undefined) this.resolveDatagrams(alias, waiting, false);
	}

	/** Gives a -17+ fetch stream its group order (from FETCH_OK). */
	setFetchGroupOrder(requestId: bigint, order: GroupOrder): void {
		this.byFetch.get(requestId)?.setGroupOrder(order);
	}

	/** Stops every stream of a subscription (STOP_SENDING, default CANCELLED) and drops its waiting datagrams. */
	cancelAlias(alias: bigint, code: number = this.codes.CANCELLED): void {
		for (const s of [...(this.byAlias.get(alias) ?? [])]) s.cancel(code);
		const waiting = this.datagrams.get(alias);
		if (waiting !== undefined) this.dropDatagrams(alias, waiting);
	}

	/** Stops a fetch's stream (STOP_SENDING, default CANCELLED). */
	cancelFetch(requestId: bigint, code: number = this.codes.CANCELLED): void {
		this.byFetch.get(requestId)?.cancel(code);
	}

	/** Stops every stream (SESSION_CLOSED) and drops everything held. Later streams are refused. */
	close(): void {
		this.closed = true;
		for (const s of [...this.streams]) s.cancel(this.codes.SESSION_CLOSED);
		for (const [alias, waiting] of [...this.datagrams]) this.dropDatagrams(alias, waiting);
	}

	/** What the router holds now. */
	get stats(): DataStreamRouterStats {
		let pendingStreams = 0;
		let buffered = 0;
		let timers = 0;
		for (const s of this.streams) {
			if (s.state === "pending") pendingStreams++;
			if (s.cancelTimer !== undefined) timers++;
			buffered += s.buffered;
		}
		let pendingDatagrams = 0;
		for (const waiting of this.datagrams.values()) {
			pendingDatagrams += waiting.items.length;
			for (const d of waiting.items) buffered += d.payload.byteLength;
			timers++;
		}
		return {
			streams: this.streams.size,
			pendingStreams,
			pendingDatagrams,
			pendingBytes: this.pending,
			bufferedBytes: buffered,
			timers,
			droppedDatagrams: this.dropped,
		};
	}

	private route(stream: IncomingStream, header: DataStreamHeader): void {
		if (header.type === "SUBGROUP_HEADER") {
			const alias = header.trackAlias;
			let set = this.byAlias.get(alias);
			if (set === undefined) {
				set = new Set();
				this.byAlias.set(alias, set);
			}
			set.add(stream);
			const route = this.options.resolveAlias(alias);
			if (route === "pending") {
				const wait = this.options.maxPendingMs ?? 2000;
				stream.hold(this.options.clock.setTimer(wait, () => this.resolvePending(stream, alias, true)));
			} else if (route === undefined) {
				stream.cancel(this.codes.CANCELLED);
			} else {
				stream.adopt(route);
			}
		} else if (header.type === "FETCH_HEADER") {
			const route = this.options.resolveFetch(header.requestId);
			if (route === undefined) {
				stream.cancel(this.codes.CANCELLED);
				return;
			}
			this.byFetch.set(header.requestId, stream);
			stream.adopt(route.sink);
			if (route.groupOrder !== undefined) stream.setGroupOrder(route.groupOrder);
		}
	}

	// Asks again for a pending stream's alias; at the end of the wait, anything but a sink abandons it.
	private resolvePending(stream: IncomingStream, alias: bigint, expired = false): void {
		if (stream.state !== "pending") return;
		const route = this.options.resolveAlias(alias);
		if (route !== undefined && route !== "pending") stream.adopt(route);
		else if (route === undefined || expired) stream.cancel(this.codes.CANCELLED);
	}

	private forget(stream: IncomingStream): void {
		this.streams.delete(stream);
		const h = stream.header;
		if (h?.type === "SUBGROUP_HEADER") {
			const set = this.byAlias.get(h.trackAlias);
			set?.delete(stream);
			if (set?.size === 0) this.byAlias.delete(h.trackAlias);
		} else if (h?.type === "FETCH_HEADER" && this.byFetch.get(h.requestId) === stream) {
			this.byFetch.delete(h.requestId);
		}
	}

	private addPending(delta: number): void {
		this.pending += delta;
		// Freed budget: pending streams waiting for it may read on.
		if (delta < 0) for (const s of this.streams) if (s.state !== "routed") s.wake();
	}

	private deliverDatagram(sink: ObjectSink, d: ObjectDatagram): void {
		if (sink.closed || sink.full) {
			this.dropped++;
			return;
		}
		const o: ReceivedObject = { ...toReceived(d, "datagram", sink.defaultPublisherPriority), endOfGroup: d.endOfGroup };
		sink.push(o);
	}

	private holdDatagram(d: ObjectDatagram): void {
		const size = d.payload.byteLength;
		if (this.pending + size > this.host.maxPendingBytes) {
			this.dropped++;
			return;
		}
		let waiting = this.datagrams.get(d.trackAlias);
		if (waiting === undefined) {
			const alias = d.trackAlias;
			const wait = this.options.maxPendingMs ?? 2000;
			const entry: PendingDatagrams = {
				items: [],
				cancelTimer: this.options.clock.setTimer(wait, () => this.resolveDatagrams(alias, entry, true)),
			};
			waiting = entry;
			this.datagrams.set(alias, waiting);
		}
		waiting.items.push(d);
		this.addPending(size);
	}

	private resolveDatagrams(alias: bigint, waiting: PendingDatagrams, expired: boolean): void {
		const route = this.options.resolveAlias(alias);
		if (route === "pending" && !expired) return;
		if (route === undefined || route === "pending") {
			this.dropDatagrams(alias, waiting);
			return;
		}
		this.release(alias, waiting);
		for (const d of waiting.items) this.deliverDatagram(route, d);
	}

	private dropDatagrams(alias: bigint, waiting: PendingDatagrams): void {
		this.release(alias, waiting);
		this.dropped += waiting.items.length;
	}

	private release(alias: bigint, waiting: PendingDatagrams): void {
		waiting.cancelTimer();
		this.datagrams.delete(alias);
		let bytes = 0;
		for (const d of waiting.items) bytes += d.payload.byteLength;
		this.addPending(-bytes);
	}
}
