/**
 * The publisher side of a FETCH: one unidirectional stream with FETCH_HEADER and then the fetched
 * objects, and from -16 End of Range markers (draft-ietf-moq-transport-14/-16 §9.16.3 and -18/-19
 * §10.12.3 "Fetch Handling", -14/-16 §10.4.4 and -18/-19 §11.4.4 "Fetch Header", -16/-18/-19
 * §…4.4.2 "End of Range"):
 *
 * - "A publisher MUST send fetched groups in the requested group order, either ascending or
 *   descending. Within each group, objects are sent in Object ID order": checked here for every
 *   draft (from -17 the wire's Group ID Deltas depend on it too). An End of Range marker comes
 *   strictly after the previous item in that order.
 * - "If no Objects exist in the requested range, the publisher opens the unidirectional stream,
 *   sends the FETCH_HEADER and closes the stream with a FIN": `finish()` opens the stream if
 *   nothing was written.
 * - Priority (§7.1: "An Object in response to a FETCH where that Object is the next Object in the
 *   response" is what gets scheduled): the stream's send order follows the next object's
 *   Publisher Priority (see send-order.ts).
 *
 * Writes are queued in order and resolve when the transport accepted them (backpressure). After
 * the peer's STOP_SENDING, a reset or the session's end, queued and later writes reject with the
 * transport's error.
 *
 * @module
 */

import {
	type Draft,
	type FetchEndOfRange,
	FetchStreamEncoder,
	GroupOrder,
	type KeyValuePair,
	type ObjectStatus,
	WireError,
	type WireLimits,
	Writer,
} from "@moqt/wire";
import { fetchSendOrder } from "./send-order.js";
import type { DataSendStream, DataTransport } from "./transport.js";

/** What a fetch sender is made with. */
export interface FetchSenderOptions {
	readonly transport: Pick<DataTransport, "openUni">;
	readonly draft: Draft;
	/** The FETCH's Request ID, carried in FETCH_HEADER. */
	readonly requestId: bigint;
	/** Ascending or Descending (the driver resolves draft-14's "publisher's choice"). */
	readonly groupOrder: GroupOrder;
	/** The FETCH's Subscriber Priority; default 128. */
	readonly subscriberPriority?: number;
	/** Publisher Priority of objects that give none; default 128. */
	readonly defaultPublisherPriority?: number;
	readonly limits?: Partial<WireLimits>;
}

/** An object in a fetch response. */
export interface OutgoingFetchObject {
	readonly groupId: bigint;
	/** Undefined for an object with the Datagram forwarding preference. */
	readonly subgroupId?: bigint;
	readonly objectId: bigint;
	/** Default: the sender's default publisher priority. */
	readonly publisherPriority?: number;
	readonly payload?: Uint8Array;
	readonly properties?: readonly KeyValuePair[];
	/** draft-14 only carries a status other than Normal on fetch streams. */
	readonly status?: ObjectStatus;
}

/** Where a fetch sender stands. */
export type FetchSendState = "idle" | "open" | "finished" | "reset" | "failed";

interface Entry {
	readonly bytes: Uint8Array;
	/** The object's Publisher Priority (it sets the send order), or undefined (header, markers). */
	readonly priority: number | undefined;
	readonly resolve: () => void;
	readonly reject: (error: unknown) => void;
}

/** Writes one fetch response stream. */
export class FetchSender {
	readonly requestId: bigint;
	private readonly options: FetchSenderOptions;
	private readonly encoder: FetchStreamEncoder;
	private readonly queue: Entry[] = [];
	private stream: DataSendStream | undefined;
	private status: FetchSendState = "idle";
	private subscriber: number;
	private lastPriority = 128;
	private running = false;
	private finRequested = false;
	private error: unknown;
	private resetCode: number | undefined;
	private prev: { readonly group: bigint; readonly object: bigint } | undefined;
	private finishing: { resolve: () => void; reject: (e: unknown) => void } | undefined;

	constructor(options: FetchSenderOptions) {
		if (options.groupOrder !== GroupOrder.ASCENDING && options.groupOrder !== GroupOrder.DESCENDING) {
			throw new RangeError("the group order must be Ascending or Descending");
		}
		this.options = options;
		this.requestId = options.requestId;
		this.subscriber = options.subscriberPriority ?? 128;
		fetchSendOrder(this.subscriber, options.defaultPublisherPriority ?? 128); // validates both
		const codec = options.limits === undefined ? {} : { limits: options.limits };
		this.encoder = new FetchStreamEncoder(options.draft, { ...codec, groupOrder: options.groupOrder });
		const w = new Writer(16);
		this.encoder.writeHeader(w, { type: "FETCH_HEADER", requestId: options.requestId });
		this.queue.push({ bytes: w.finish(), priority: undefined, resolve: noop, reject: noop });
	}

	/** Where the sender stands. */
	get state(): FetchSendState {
		return this.status;
	}

	/** Changes the Subscriber Priority (REQUEST_UPDATE on the fetch, where the draft allows it). */
	setSubscriberPriority(priority: number): void {
		const sendOrder = fetchSendOrder(priority, this.lastPriority);
		this.subscriber = priority;
		if (this.stream !== undefined) this.stream.sendOrder = sendOrder;
	}

	/**
	 * Queues an object or an End of Range marker (-16+). Resolves when the transport took it;
	 * rejects with a WireError when it breaks the fetch's order or the draft cannot carry it, and
	 * with the transport's error once the stream failed.
	 */
	write(item: OutgoingFetchObject | FetchEndOfRange): Promise<void> {
		if (this.error !== undefined) return Promise.reject(this.error);
		if (this.finRequested || this.status === "reset") {
			return Promise.reject(new WireError("invalid-value", "the fetch stream was finished or reset"));
		}
		const marker = "endOfRange" in item;
		const w = new Writer(64 + (marker ? 0 : (item.payload?.length ?? 0)));
		let priority: number | undefined;
		try {
			this.checkOrder(item.groupId, item.objectId);
			if (marker) {
				this.encoder.writeEndOfRange(w, item);
			} else {
				priority = item.publisherPriority ?? this.options.defaultPublisherPriority ?? 128;
				fetchSendOrder(this.subscriber, priority); // validates the priority
				this.encoder.writeObject(w, {
					...item,
					publisherPriority: priority,
					forwardingPreference: item.subgroupId === undefined ? "datagram" : "subgroup",
					payload: item.payload ?? new Uint8Array(0),
				});
			}
		} catch (e) {
			return Promise.reject(e);
		}
		this.prev = { group: item.groupId, object: item.objectId };
		return new Promise<void>((resolve, reject) => {
			// The writer is this object's alone: its view needs no copy (the transport copies on write).
			this.queue.push({ bytes: w.view(), priority, resolve, reject });
			this.kick();
		});
	}

	/** FIN after everything queued (opening the stream if nothing was written). */
	finish(): Promise<void> {
		if (this.error !== undefined) return Promise.reject(this.error);
		if (this.finRequested || this.status === "reset") return Promise.resolve();
		this.finRequested = true;
		return new Promise<void>((resolve, reject) => {
			this.finishing = { resolve, reject };
			this.kick();
		});
	}

	/** Abandons the stream with RESET_STREAM (`code`), e.g. UNKNOWN_OBJECT_STATUS. Idempotent. */
	reset(code: number): void {
		if (this.status === "reset" || this.status === "failed") return;
		this.status = "reset";
		this.resetCode = code;
		this.stream?.reset(code);
		this.fail(new WireError("invalid-value", `the fetch stream was reset with code ${code}`));
	}

	// Objects in the fetch's group order; within a group, increasing Object IDs.
	private checkOrder(group: bigint, object: bigint): void {
		const prev = this.prev;
		if (prev === undefined) return;
		const ascending = this.options.groupOrder === GroupOrder.ASCENDING;
		const ok = group === prev.group ? object > prev.object : ascending ? group > prev.group : group < prev.group;
		if (!ok) {
			throw new WireError(
				"invalid-value",
				`{${group}, ${object}} does not follow {${prev.group}, ${prev.object}} in the fetch's group order`,
			);
		}
	}

	private kick(): void {
		if (this.running) return;
		this.running = true;
		void this.pump();
	}

	private async pump(): Promise<void> {
		if (this.stream === undefined) {
			try {
				const sendOrder = fetchSendOrder(this.subscriber, this.queue[1]?.priority ?? this.lastPriority);
				this.stream = await this.options.transport.openUni({ sendOrder });
			} catch (e) {
				this.fail(e);
				this.running = false;
				return;
			}
			if (this.resetCode !== undefined) {
				this.stream.reset(this.resetCode);
				this.running = false;
				return;
			}
			this.status = "open";
			this.stream.closed.catch((e: unknown) => this.fail(e));
		}
		const stream = this.stream;
		while (this.error === undefined) {
			const entry = this.queue[0];
			if (entry === undefined) break;
			if (entry.priority !== undefined && entry.priority !== this.lastPriority) {
				this.lastPriority = entry.priority;
				stream.sendOrder = fetchSendOrder(this.subscriber, entry.priority);
			}
			try {
				await stream.write(entry.bytes);
			} catch (e) {
				this.fail(e);
				break;
			}
			this.queue.shift();
			entry.resolve();
		}
		if (this.error === undefined && this.finRequested && this.status === "open") {
			this.status = "finished";
			try {
				await stream.finish();
				this.finishing?.resolve();
				this.finishing = undefined;
			} catch (e) {
				this.fail(e);
			}
		}
		this.running = false;
	}

	private fail(error: unknown): void {
		if (this.error !== undefined) return;
		this.error = error;
		if (this.status !== "reset" && this.status !== "finished") this.status = "failed";
		for (const entry of this.queue.splice(0)) entry.reject(error);
		this.finishing?.reject(error);
		this.finishing = undefined;
	}
}

function noop(): void {}
