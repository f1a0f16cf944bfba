/**
 * One incoming unidirectional data stream, read and routed by the {@link DataStreamRouter}
 * (draft-ietf-moq-transport-14/-16 §10.4 and -18/-19 §11.4 "Streams"; -18/-19 §3.4
 * "Unidirectional Stream Types", §11.5.1 "Padding Streams"):
 *
 * 1. The stream type: a -17+ control stream (SETUP) goes back to the driver; a padding stream is
 *    read and discarded ("The receiver MUST discard all data received on a padding stream to
 *    prevent exhausting flow control"); anything else is decoded with the wire's
 *    `DataStreamDecoder`.
 * 2. The header routes it: a subgroup stream by Track Alias, a fetch stream by Request ID.
 *    While the alias is "pending" (objects can beat SUBSCRIBE_OK / PUBLISH), decoded objects are
 *    held against the router's shared byte budget; over the budget the stream is no longer read
 *    ("The endpoint MAY withhold stream flow control beyond the SUBGROUP_HEADER until the Track
 *    Alias has been established"), and after the router's wait limit it is abandoned with
 *    STOP_SENDING (CANCELLED).
 * 3. Objects go to the sink while it is not full; when it is, reading stops until `ready()`.
 *    A -17+ fetch stream whose group order is not known yet is not read on either, since the
 *    decoder would have to hold every byte.
 *
 * @module
 */

import {
	type DataStreamDecoder,
	type DataStreamHeader,
	type DataStreamItem,
	type Draft,
	detectStreamType,
	type GroupOrder,
	isEndOfRange,
	type MoqtObject,
	ObjectStatus,
	WireError,
} from "@moqt/wire";
import { DataStreamError } from "./errors.js";
import { type DataReceiveStream, streamFailure } from "./transport.js";
import type { FetchItemReceived, Forwarding, ObjectSink, ReceivedObject, SubgroupStreamEnd } from "./types.js";

/** What an incoming stream needs from its router. @internal */
export interface StreamRouterHost {
	readonly draft: Draft;
	/** A new decoder for the session's draft and limits. */
	decoder(): DataStreamDecoder;
	/** Reports the type of the stream once known, and routes it; see DataStreamRouter. */
	route(stream: IncomingStream, header: DataStreamHeader): void;
	/** The bytes held by pending streams and datagrams, against `maxPendingBytes`. */
	pendingBytes(): number;
	readonly maxPendingBytes: number;
	addPendingBytes(delta: number): void;
	/** A control stream (-17+), handed back with the bytes read from it. */
	controlStream(stream: DataReceiveStream, head: Uint8Array): void;
	/** A malformed stream: the session must close with `error.terminationCode`. */
	error(error: WireError): void;
	/** The stream is done: drop it from every index. */
	done(stream: IncomingStream): void;
	readonly codes: { readonly CANCELLED: number; readonly INTERNAL_ERROR: number };
}

const EMPTY_PROPERTIES: readonly never[] = Object.freeze([]);

function itemSize(item: DataStreamItem): number {
	return isEndOfRange(item) ? 0 : item.payload.byteLength;
}

/** Turns a decoded object into what the application sees. */
export function toReceived(o: MoqtObject, forwarding: Forwarding, defaultPriority: number | undefined): ReceivedObject {
	return {
		groupId: o.groupId,
		subgroupId: o.forwardingPreference === "datagram" ? undefined : o.subgroupId,
		objectId: o.objectId,
		status: o.status ?? ObjectStatus.NORMAL,
		publisherPriority: o.publisherPriority ?? defaultPriority,
		properties: o.properties ?? EMPTY_PROPERTIES,
		payload: o.payload,
		forwarding,
	};
}

/** The reading task of one incoming data stream. @internal */
export class IncomingStream {
	readonly stream: DataReceiveStream;
	/** Set once the header is read. */
	header: DataStreamHeader | undefined;
	/** "pending" while the alias is unknown; "routed" once a sink takes the objects. */
	state: "reading" | "pending" | "routed" | "done" = "reading";
	/** Cancels the wait for a pending alias. */
	cancelTimer: (() => void) | undefined;
	private readonly host: StreamRouterHost;
	private sink: ObjectSink<FetchItemReceived> | undefined;
	private decoder: DataStreamDecoder | undefined;
	private readonly held: DataStreamItem[] = [];
	private heldBytes = 0;
	private delivered = 0;
	private firstSubgroupId: bigint | undefined;
	private cancelled: number | undefined;
	private wakeup: (() => void) | undefined;
	private broken: unknown;

	constructor(host: StreamRouterHost, stream: DataReceiveStream) {
		this.host = host;
		this.stream = stream;
	}

	/** Bytes held in the router for this stream: objects not yet delivered and partial objects. */
	get buffered(): number {
		return this.heldBytes + (this.decoder?.buffered ?? 0);
	}

	/** Reads the stream to its end; never rejects. `head` holds bytes the driver already read. */
	async run(head: Uint8Array): Promise<void> {
		try {
			await this.read(head);
		} catch (e) {
			await this.failed(e);
		}
	}

	/** The sink to deliver to (the alias or fetch is known). */
	adopt(sink: ObjectSink<FetchItemReceived>): void {
		if (this.state === "done") return;
		this.release();
		this.sink = sink;
		this.state = "routed";
		// The reader may be blocked in read(): deliver what is held now rather than at the next chunk.
		this.deliver();
		this.wake();
	}

	/** The alias is not known yet: hold objects until `adopt` or `cancel`. */
	hold(cancelTimer: () => void): void {
		this.state = "pending";
		this.cancelTimer = cancelTimer;
	}

	/** Gives a -17+ fetch stream the group order its Group ID Deltas need. */
	setGroupOrder(order: GroupOrder): void {
		if (this.decoder === undefined || this.state === "done") return;
		try {
			this.keep(this.decoder.setGroupOrder(order));
		} catch (e) {
			// The reader is asleep waiting for the order: wake it to fail on its next decoder call.
			this.broken = e;
		}
		this.wake();
	}

	/** Abandons the stream: STOP_SENDING with `code`, held objects dropped. Idempotent. */
	cancel(code: number): void {
		if (this.state === "done" || this.cancelled !== undefined) return;
		this.cancelled = code;
		this.release();
		this.held.length = 0;
		this.heldBytes = 0;
		this.stream.stopSending(code);
		this.wake();
	}

	private async read(head: Uint8Array): Promise<void> {
		let bytes = head;
		let type = detectStreamType(bytes, this.host.draft);
		while (type.kind === "need-more") {
			const chunk = await this.stream.read();
			if (chunk === undefined) {
				if (bytes.length > 0) throw new WireError("malformed", "the stream ended (FIN) inside its type");
				return this.finish("fin");
			}
			bytes = concat(bytes, chunk);
			type = detectStreamType(bytes, this.host.draft);
		}
		if (type.kind === "control") {
			this.state = "done";
			this.host.done(this);
			this.host.controlStream(this.stream, bytes);
			return;
		}
		if (type.kind === "padding") {
			this.header = { type: "PADDING" };
			while ((await this.stream.read()) !== undefined) {}
			return this.finish("fin");
		}
		const decoder = this.host.decoder();
		this.decoder = decoder;
		this.feed(decoder, bytes);
		for (;;) {
			if (!(await this.room(decoder))) return this.finish("stopped");
			const chunk = await this.stream.read();
			if (chunk === undefined) break;
			this.feed(decoder, chunk);
		}
		// FETCH_OK may come after the whole fetch stream: wait for the group order before ending.
		while (decoder.awaitingGroupOrder && this.cancelled === undefined && this.broken === undefined) {
			await this.sleep();
		}
		if (this.broken !== undefined) throw this.broken;
		if (this.cancelled !== undefined) return this.finish("stopped");
		decoder.end();
		if (await this.drain()) this.finish("fin");
		else this.finish("stopped");
	}

	private feed(decoder: DataStreamDecoder, chunk: Uint8Array): void {
		const out = decoder.push(chunk);
		if (this.header === undefined && out.header !== undefined) {
			this.header = out.header;
			this.keep(out.objects);
			// Routing may give a fetch its group order, which releases more objects.
			if (out.header.type !== "PADDING") this.host.route(this, out.header);
		} else {
			this.keep(out.objects);
		}
		this.deliver();
	}

	private keep(items: readonly DataStreamItem[]): void {
		if (items.length === 0 || this.cancelled !== undefined) return;
		let bytes = 0;
		for (const item of items) {
			this.held.push(item);
			bytes += itemSize(item);
			if (this.firstSubgroupId === undefined && !isEndOfRange(item)) this.firstSubgroupId = item.subgroupId;
		}
		this.heldBytes += bytes;
		if (this.state !== "routed") this.host.addPendingBytes(bytes);
	}

	// Pushes held items while the sink has room; a closed sink stops the stream.
	private deliver(): void {
		const sink = this.sink;
		if (sink === undefined || this.state !== "routed") return;
		const forwarding: Forwarding = this.header?.type === "FETCH_HEADER" ? "fetch" : "subgroup";
		let i = 0;
		while (i < this.held.length && !sink.closed && !sink.full) {
			const item = this.held[i++] as DataStreamItem;
			this.heldBytes -= itemSize(item);
			this.delivered++;
			sink.push(isEndOfRange(item) ? item : toReceived(item, forwarding, sink.defaultPublisherPriority));
		}
		this.held.splice(0, i);
		if (sink.closed) this.cancel(this.host.codes.CANCELLED);
	}

	// Waits until the stream may be read on; false when it was cancelled.
	private async room(decoder: DataStreamDecoder): Promise<boolean> {
		for (;;) {
			if (this.broken !== undefined) throw this.broken;
			if (this.cancelled !== undefined) return false;
			// Before its header a stream holds no object: always read on, so routing is never starved.
			if (this.state === "reading") return true;
			if (this.state === "pending") {
				if (this.host.pendingBytes() < this.host.maxPendingBytes) return true;
				await this.sleep();
				continue;
			}
			this.deliver();
			if (this.cancelled !== undefined) return false;
			const sink = this.sink!;
			// Nothing more is read while the sink is full, so the router holds no object for it.
			if (this.held.length > 0 || sink.full) {
				await Promise.race([sink.ready(), this.sleep()]);
				continue;
			}
			if (!decoder.awaitingGroupOrder) return true;
			await this.sleep();
		}
	}

	// After FIN or a reset: waits for the alias and for sink room, then delivers everything held.
	private async drain(): Promise<boolean> {
		for (;;) {
			if (this.cancelled !== undefined) return false;
			if (this.state !== "routed") {
				await this.sleep();
				continue;
			}
			this.deliver();
			if (this.cancelled !== undefined) return false;
			if (this.held.length === 0) return true;
			await Promise.race([this.sink!.ready(), this.sleep()]);
		}
	}

	private async failed(e: unknown): Promise<void> {
		if (this.state === "done") return;
		const f = streamFailure(e);
		if (f?.kind === "reset" && this.cancelled === undefined) {
			// Objects received before the reset are still objects of the subgroup (or fetch).
			const delivered = this.state === "reading" || (await this.drain());
			if (delivered) this.finish("reset", f.code);
			else this.finish("stopped");
		} else if (f?.kind === "local" || this.cancelled !== undefined) {
			this.finish("stopped");
		} else if (f?.kind === "session-closed") {
			this.finish("error", undefined, new DataStreamError("session-closed"));
		} else {
			// A malformed stream (the session must close), or a sink that threw.
			if (e instanceof WireError) this.host.error(e);
			this.cancel(this.host.codes.INTERNAL_ERROR);
			this.finish("error", undefined, e instanceof Error ? e : new Error(String(e)));
		}
	}

	// Reports the end to the sink, once.
	private finish(kind: SubgroupStreamEnd["kind"], code?: number, error?: Error): void {
		if (this.state === "done") return;
		this.release();
		this.state = "done";
		this.wake();
		this.host.done(this);
		const sink = this.sink;
		const h = this.header;
		if (sink === undefined || h === undefined) return;
		if (h.type === "SUBGROUP_HEADER") {
			sink.streamEnded?.({
				groupId: h.groupId,
				subgroupId: h.subgroupId ?? this.firstSubgroupId,
				kind,
				code: kind === "stopped" ? this.cancelled : code,
				endOfGroup: h.endOfGroup,
				objects: this.delivered,
			});
		} else if (kind === "fin") {
			sink.end();
		} else {
			const cause =
				error ?? new DataStreamError(kind === "reset" ? "reset" : "stopped", kind === "reset" ? code : this.cancelled);
			sink.end({ error: cause });
		}
	}

	// Leaves the pending state: its bytes no longer count against the budget, its timer stops.
	private release(): void {
		this.cancelTimer?.();
		this.cancelTimer = undefined;
		if (this.state === "pending" || this.state === "reading") {
			this.host.addPendingBytes(-this.heldBytes);
			if (this.state === "pending") this.state = "reading";
		}
	}

	private sleep(): Promise<void> {
		return new Promise((resolve) => {
			this.wakeup = resolve;
		});
	}

	/** Resumes a waiting reader (budget freed, alias resolved, sink closed). @internal */
	wake(): void {
		const wakeup = this.wakeup;
		this.wakeup = undefined;
		wakeup?.();
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b;
	const out = new Uint8Array(a.length + b.length);
	out.set(a);
	out.set(b, a.length);
	return out;
}
