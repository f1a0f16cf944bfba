/**
 * The session's data plane: the receiving side's {@link DataStreamRouter} and one
 * {@link ObjectQueue} per subscription or fetch we receive, answered from the core's state; and
 * what publishers need (the transport's unidirectional streams and datagrams, a clock).
 *
 * - Track Aliases (draft-ietf-moq-transport-14 §10.1, -19 §11.1 "Track Alias"): objects can beat
 *   SUBSCRIBE_OK; while one of our SUBSCRIBEs is unanswered (or a PUBLISH of the peer unanswered),
 *   an unknown alias is "pending" and the router holds its objects briefly. A subscription's queue
 *   exists from the request on, so nothing that arrives early is lost.
 * - Ending (-14 §9.12, -19 §10.11 PUBLISH_DONE): "the subscriber SHOULD set a timer ... in case
 *   some objects are still inbound": after PUBLISH_DONE the queue stays open until as many
 *   streams as its Stream Count have ended, or the core's drain time has passed; then the core
 *   forgets the draining subscription (`release`). A subscription we end stops its streams
 *   (STOP_SENDING, CANCELLED).
 * - Fetches: the fetch stream's FIN (or reset) is reported to the core (`fetchStreamDone`), which
 *   completes the fetch once FETCH_OK is in too. From -17 the decoder needs the fetch's group
 *   order: GROUP_ORDER of the FETCH, Ascending when omitted (-19 §10.2 "GROUP ORDER Parameter").
 *
 * @module
 */

import { type Draft, GroupOrder, STREAM_COUNT_UNKNOWN, type WireError, type WireLimits } from "@moqt/wire";
import type { SessionCore } from "../core/index.js";
import type { Clock } from "../data/clock.js";
import { DataStreamRouter } from "../data/data-stream-router.js";
import { ObjectQueue } from "../data/object-queue.js";
import type { DataReceiveStream, DataTransport } from "../data/transport.js";
import type { FetchItemReceived, ObjectSink, ReceivedObject, SinkEnd, SubgroupStreamEnd } from "../data/types.js";

/** Bounds of the queue of one subscription or fetch we receive. */
export interface ReceiveLimits {
	/** Objects held before reading stops (backpressure). Default 256. */
	readonly maxObjects?: number;
	/** Payload bytes held before reading stops. Default 4 MiB. */
	readonly maxBytes?: number;
	/** Bytes held for Track Aliases not known yet, over all streams. Default 1 MiB. */
	readonly maxPendingBytes?: number;
	/** ms a stream waits for its Track Alias. Default 2000. */
	readonly maxPendingMs?: number;
}

/** What the data plane is made with. */
export interface DataPlaneOptions {
	readonly draft: Draft;
	readonly core: SessionCore;
	readonly transport: DataTransport;
	readonly clock: Clock;
	readonly limits?: ReceiveLimits;
	/** Limits for the data stream decoders (object payload, properties). */
	readonly wireLimits?: Partial<WireLimits>;
	/** How long after PUBLISH_DONE a subscription waits for its last streams (the core's drain time). */
	readonly drainTimeout: number;
	/** A malformed data stream or datagram: the session closes with its code. */
	onError(error: WireError): void;
	/** A -17+ control stream found among the unidirectional streams. */
	onControlStream(stream: DataReceiveStream, head: Uint8Array): void;
}

/** A subscription we receive, as the data plane holds it. */
interface TrackEntry {
	readonly queue: ObjectQueue<ReceivedObject>;
	/** What the router pushes to: the queue, with the track's default Publisher Priority. */
	readonly sink: QueueSink<ReceivedObject>;
	alias: bigint | undefined;
	/** Subgroup streams that fed the queue and ended. */
	streamsEnded: number;
	/** PUBLISH_DONE's Stream Count, once it came. */
	expected: bigint | undefined;
	cancelTimer: (() => void) | undefined;
}

/** A fetch we receive. */
interface FetchEntry {
	readonly sink: QueueSink<FetchItemReceived>;
	readonly groupOrder: GroupOrder;
}

/** Receives the data of a session's subscriptions and fetches. */
export class DataPlane {
	readonly transport: DataTransport;
	readonly clock: Clock;
	readonly router: DataStreamRouter;
	readonly #options: DataPlaneOptions;
	readonly #tracks = new Map<bigint, TrackEntry>();
	readonly #fetches = new Map<bigint, FetchEntry>();

	constructor(options: DataPlaneOptions) {
		this.#options = options;
		this.transport = options.transport;
		this.clock = options.clock;
		const limits = options.limits;
		this.router = new DataStreamRouter({
			draft: options.draft,
			clock: options.clock,
			resolveAlias: (alias) => this.#resolveAlias(alias),
			resolveFetch: (requestId) => {
				const entry = this.#fetches.get(requestId);
				return entry === undefined ? undefined : { sink: entry.sink, groupOrder: entry.groupOrder };
			},
			onError: options.onError,
			onControlStream: options.onControlStream,
			...(limits?.maxPendingBytes !== undefined && { maxPendingBytes: limits.maxPendingBytes }),
			...(limits?.maxPendingMs !== undefined && { maxPendingMs: limits.maxPendingMs }),
			...(options.wireLimits !== undefined && { limits: options.wireLimits }),
		});
	}

	/** Subscriptions and fetches with a queue here (tests, leak checks). */
	get size(): { readonly tracks: number; readonly fetches: number } {
		return { tracks: this.#tracks.size, fetches: this.#fetches.size };
	}

	/**
	 * The queue of a subscription we receive, made when the request is: objects that beat its
	 * answer go here. `onCancel`: the application stopped reading; `onStreamEnd`: a subgroup
	 * stream that fed the queue ended.
	 */
	openTrack(
		requestId: bigint,
		onCancel: () => void,
		onStreamEnd?: (info: SubgroupStreamEnd) => void,
	): ObjectQueue<ReceivedObject> {
		const queue = new ObjectQueue<ReceivedObject>({
			...this.#queueLimits(),
			onCancel,
			onStreamEnd: (info) => {
				this.#streamEnded(requestId);
				onStreamEnd?.(info);
			},
		});
		const entry: TrackEntry = {
			queue,
			sink: new QueueSink(queue, undefined),
			alias: undefined,
			streamsEnded: 0,
			expected: undefined,
			cancelTimer: undefined,
		};
		this.#tracks.set(requestId, entry);
		return entry.queue;
	}

	/**
	 * The subscription's Track Alias is known (SUBSCRIBE_OK, or the PUBLISH accepted): route its
	 * streams. `defaultPriority`: the Publisher Priority objects inherit (the track's
	 * DEFAULT_PUBLISHER_PRIORITY from draft-16).
	 */
	trackAccepted(requestId: bigint, alias: bigint, defaultPriority: number | undefined): void {
		const entry = this.#tracks.get(requestId);
		if (entry !== undefined) {
			entry.alias = alias;
			entry.sink.defaultPublisherPriority = defaultPriority;
		}
		this.router.aliasReady(alias);
	}

	/**
	 * The peer's PUBLISH with this alias was refused: its streams are stopped and its datagrams
	 * dropped at once (-19 §10.10: "abandon reading any publisher initiated streams associated with
	 * that subscription using a STOP_SENDING frame"), unless a live subscription uses the alias.
	 */
	aliasRefused(alias: bigint): void {
		const live = this.#options.core.subscriptionsByAlias(alias).some((s) => s.state !== "draining");
		if (!live) this.router.cancelAlias(alias);
	}

	/**
	 * A subscription we receive ended. With PUBLISH_DONE its last streams may still come: the queue
	 * ends once its Stream Count is reached or the drain time has passed. Otherwise it ends now and
	 * its streams are stopped.
	 */
	trackEnded(requestId: bigint, streamCount: bigint | undefined): void {
		const entry = this.#tracks.get(requestId);
		if (entry === undefined) return;
		if (streamCount === undefined) {
			this.#closeTrack(requestId, entry, true);
			return;
		}
		entry.expected = streamCount;
		if (this.#complete(entry)) {
			this.#closeTrack(requestId, entry, false);
			return;
		}
		entry.cancelTimer = this.clock.setTimer(this.#options.drainTimeout, () => this.#closeTrack(requestId, entry, true));
	}

	/** The queue of a fetch we receive; `onEnd` hears when its data stream is done. */
	openFetch(
		requestId: bigint,
		groupOrder: GroupOrder | undefined,
		onEnd: (info: SinkEnd) => void,
		onCancel: () => void,
	): ObjectQueue<FetchItemReceived> {
		const queue = new ObjectQueue<FetchItemReceived>({ ...this.#queueLimits(), onCancel });
		const sink = new QueueSink(queue, (info) => {
			this.#fetches.delete(requestId);
			onEnd(info);
		});
		const order = groupOrder === GroupOrder.DESCENDING ? GroupOrder.DESCENDING : GroupOrder.ASCENDING;
		this.#fetches.set(requestId, { sink, groupOrder: order });
		return queue;
	}

	/** A fetch we receive ended otherwise (cancelled, refused, session closed): stop its stream. */
	fetchEnded(requestId: bigint): void {
		const entry = this.#fetches.get(requestId);
		if (entry === undefined) return;
		this.#fetches.delete(requestId);
		this.router.cancelFetch(requestId);
		entry.sink.close();
	}

	/** The session closed: every stream stops, every queue ends. */
	close(): void {
		this.router.close();
		for (const [requestId, entry] of [...this.#tracks]) this.#closeTrack(requestId, entry, false);
		for (const requestId of [...this.#fetches.keys()]) this.fetchEnded(requestId);
	}

	#queueLimits(): { maxObjects?: number; maxBytes?: number } {
		const limits = this.#options.limits;
		return {
			...(limits?.maxObjects !== undefined && { maxObjects: limits.maxObjects }),
			...(limits?.maxBytes !== undefined && { maxBytes: limits.maxBytes }),
		};
	}

	// The queue of the subscription with this alias, live ones first (draft-19 lets a publisher share
	// an alias), then ones draining after PUBLISH_DONE. An alias nobody knows yet is "pending": the
	// SUBSCRIBE_OK or PUBLISH that brings it can arrive after the objects, on another stream. One
	// known to the core but without an open queue here (ended, abandoned by its reader, or a PUBLISH
	// not answered yet) is held only in the last case.
	#resolveAlias(alias: bigint): ObjectSink | "pending" | undefined {
		const subs = this.#options.core.subscriptionsByAlias(alias);
		if (subs.length === 0) return "pending";
		let pending = false;
		for (const draining of [false, true]) {
			for (const s of subs) {
				if ((s.state === "draining") !== draining) continue;
				const entry = this.#tracks.get(s.requestId);
				if (entry?.alias === alias && !entry.queue.closed) return entry.sink;
				if (s.state === "pending") pending = true;
			}
		}
		return pending ? "pending" : undefined;
	}

	// A subgroup stream that fed the subscription ended: after PUBLISH_DONE, maybe the last one.
	#streamEnded(requestId: bigint): void {
		const entry = this.#tracks.get(requestId);
		if (entry === undefined) return;
		entry.streamsEnded++;
		if (entry.expected !== undefined && this.#complete(entry)) this.#closeTrack(requestId, entry, false);
	}

	#complete(entry: TrackEntry): boolean {
		return entry.expected !== STREAM_COUNT_UNKNOWN && BigInt(entry.streamsEnded) >= (entry.expected ?? 0n);
	}

	#closeTrack(requestId: bigint, entry: TrackEntry, stopStreams: boolean): void {
		if (this.#tracks.get(requestId) !== entry) return;
		this.#tracks.delete(requestId);
		entry.cancelTimer?.();
		entry.queue.end();
		const alias = entry.alias;
		// Stop the streams still coming, unless another live subscription shares the alias (draft-19).
		if (alias !== undefined && stopStreams && !this.#aliasShared(alias, requestId)) this.router.cancelAlias(alias);
		// The core keeps an ended subscription's alias to drop late objects; the queue is done with it.
		this.#options.core.release(requestId);
	}

	#aliasShared(alias: bigint, requestId: bigint): boolean {
		for (const [id, entry] of this.#tracks) if (id !== requestId && entry.alias === alias) return true;
		return false;
	}
}

/**
 * What the router pushes to: an {@link ObjectQueue}, with the default Publisher Priority learned
 * after the queue was made, and (for fetches) a word to the owner when the router ends it.
 */
class QueueSink<T> implements ObjectSink<T> {
	/** The priority objects inherit when their header carries none. */
	defaultPublisherPriority: number | undefined;
	readonly #queue: ObjectQueue<T>;
	readonly #onEnd: ((info: SinkEnd) => void) | undefined;
	#ended = false;

	constructor(queue: ObjectQueue<T>, onEnd: ((info: SinkEnd) => void) | undefined) {
		this.#queue = queue;
		this.#onEnd = onEnd;
	}

	get full(): boolean {
		return this.#queue.full;
	}

	get closed(): boolean {
		return this.#queue.closed;
	}

	push(item: T): boolean {
		return this.#queue.push(item);
	}

	ready(): Promise<void> {
		return this.#queue.ready();
	}

	streamEnded(info: SubgroupStreamEnd): void {
		this.#queue.streamEnded(info);
	}

	end(info?: SinkEnd): void {
		this.#queue.end(info);
		if (this.#ended) return;
		this.#ended = true;
		this.#onEnd?.(info ?? {});
	}

	/** Ends the queue without telling the owner, who ended the request itself. */
	close(): void {
		this.#ended = true;
		this.#queue.end();
	}
}
