/**
 * One subgroup of a subscription, written to a unidirectional stream (draft-ietf-moq-transport-14
 * and -16 §10.4.2 "Subgroup Header" and §10.4.3 "Closing Subgroup Streams", -18/-19 §11.4.2 and
 * §11.4.3; delivery timeouts: -14 §9.2.1.2, -16 §9.2.2.2, -18/-19 §8):
 *
 * - The stream opens with the first object that is sent (not filtered out, Forward State 1), so
 *   the header can name the first object's Subgroup ID ("first-object" mode) and whether objects
 *   carry properties. A subgroup whose objects are all filtered out opens no stream.
 * - Objects go out in increasing Object ID order; after an End of Group or End of Track object
 *   nothing more may follow.
 * - `end()` sends FIN once everything queued is written; `reset(code)` abandons the stream.
 * - Delivery timeouts (see subgroup-stream.ts): the object timeout counts from the object's
 *   `receivedAt` (when its first byte was received or provided); after a timeout the subgroup
 *   opens no new stream ("SHOULD NOT attempt to open a new stream to deliver additional Objects in
 *   that Subgroup").
 * - -19 only: OBJECT_DELIVERY_TIMEOUT (0x02) / SUBGROUP_DELIVERY_TIMEOUT (0x06) object
 *   properties on the subgroup's first object override the track's values for this subgroup.
 * - Forward State 0 (or a filter update excluding the group) resets the stream with CANCELLED;
 *   when objects may flow again, the next object opens a new stream (with an explicit Subgroup ID
 *   and no FIRST_OBJECT flag). After the peer's STOP_SENDING no new stream opens until the Forward
 *   State goes from 0 to 1 again (-19 §11.4.3).
 *
 * Objects that are not sent (filtered, Forward State 0, the stream cancelled) are dropped without
 * error: `writeObject` resolves, as the drafts give no signal for them either.
 *
 * @module
 */

import {
	type CodecOptions,
	codecFor,
	type Draft,
	isObjectStatus,
	ObjectStatus,
	propertiesAllowed,
	StreamResetCode,
	type SubgroupHeader,
	SubgroupIdMode,
	SubgroupStreamEncoder,
	WireError,
	type Writer,
} from "@moqt/wire";
import type { Clock } from "./clock.js";
import type { FilterableObject } from "./object-filter.js";
import { type StreamStop, SubgroupStream, type SubgroupStreamOwner } from "./subgroup-stream.js";
import type { DataTransport } from "./transport.js";
import type { DeliveryTimeouts, OutgoingObject } from "./types.js";

/** How a subgroup is opened. */
export interface SubgroupOptions {
	readonly groupId: bigint;
	/** The Subgroup ID, or "first-object": it is the first Object ID written (SUBGROUP_ID_MODE 0b01). */
	readonly subgroupId: bigint | "first-object";
	/** 0–255. Default: the track's default; omitted from the header from -16 (DEFAULT_PRIORITY). */
	readonly publisherPriority?: number;
	/** END_OF_GROUP: this subgroup holds the group's largest object. */
	readonly endOfGroup?: boolean;
	/** Every object carries a properties block. Default: when the first object sent has properties. */
	readonly hasProperties?: boolean;
	/**
	 * The first object written is the subgroup's first (-17+ FIRST_OBJECT flag, set when it is also
	 * the first sent). Default true; a relay forwarding a partial subgroup passes false.
	 */
	readonly firstObject?: boolean;
}

/** Where a subgroup sender stands. */
export type SubgroupSendState =
	/** No stream is open (nothing sent yet, or objects are held back by Forward State 0 / filters). */
	| "idle"
	| "open"
	/** end() was called; the FIN is queued or sent. */
	| "finished"
	/** reset() was called. */
	| "reset"
	/** A delivery timeout reset the stream; the rest of the subgroup is dropped. */
	| "timed-out"
	/** The peer sent STOP_SENDING. */
	| "stopped"
	/** The track sender or the session closed. */
	| "closed";

/** What a subgroup sender needs from its track sender. @internal */
export interface SubgroupHost {
	readonly draft: Draft;
	readonly codec: CodecOptions;
	readonly transport: DataTransport;
	readonly clock: Clock;
	readonly trackAlias: bigint;
	readonly defaultPublisherPriority: number;
	/** Counts Forward State changes from 0 to 1. */
	forwardEpoch(): number;
	/** Forward State 1 and not closed. */
	canSend(): boolean;
	passes(o: FilterableObject): boolean;
	sendOrder(groupId: bigint, subgroupId: bigint, publisherPriority: number): number;
	/** Effective timeouts (0: none) given this subgroup's -19 object-property overrides. */
	deliveryTimeouts(overrides: DeliveryTimeouts): Required<DeliveryTimeouts>;
	streamOpened(): void;
	/** The sender has (`true`) or no longer has (`false`) an unfinished stream or a pending timer. */
	setActive(sender: SubgroupSender, active: boolean): void;
}

const RESOLVED: Promise<void> = Promise.resolve();
const OBJECT_DELIVERY_TIMEOUT = 0x02n;
const SUBGROUP_DELIVERY_TIMEOUT = 0x06n;

/** Writes one subgroup; made by `TrackSender.openSubgroup`. */
export class SubgroupSender {
	readonly groupId: bigint;
	private readonly host: SubgroupHost;
	private readonly options: SubgroupOptions;
	private readonly owner: SubgroupStreamOwner;
	private sgId: bigint | undefined;
	/** The stream taking objects, if any. */
	private current: SubgroupStream | undefined;
	/** Streams with queued data or a running timer. */
	private readonly live = new Set<SubgroupStream>();
	private status: SubgroupSendState = "idle";
	private written = 0;
	private lastObjectId = -1n;
	private terminal = false;
	private skipped = false;
	private streams = 0;
	private stoppedEpoch = -1;
	private overrides: DeliveryTimeouts = {};
	private ending: Promise<void> | undefined;

	/** @internal */
	constructor(host: SubgroupHost, options: SubgroupOptions) {
		const p = options.publisherPriority;
		if (p !== undefined && (!Number.isInteger(p) || p < 0 || p > 255)) {
			throw new RangeError(`Publisher Priority ${p} is not in 0–255`);
		}
		this.host = host;
		this.options = options;
		this.groupId = options.groupId;
		this.sgId = options.subgroupId === "first-object" ? undefined : options.subgroupId;
		this.owner = {
			transport: host.transport,
			clock: host.clock,
			codes: StreamResetCode[host.draft],
			sendOrder: () => host.sendOrder(this.groupId, this.sgId!, this.publisherPriority),
			timeouts: () => this.deliveryTimeouts,
			opening: () => host.streamOpened(),
			stopped: (stream, why) => this.stopped(stream, why),
			settled: (stream) => {
				this.live.delete(stream);
				if (this.live.size === 0) host.setActive(this, false);
			},
		};
	}

	/** The Subgroup ID; undefined in "first-object" mode until the first object is written. */
	get subgroupId(): bigint | undefined {
		return this.sgId;
	}

	/** Where the sender stands. */
	get state(): SubgroupSendState {
		return this.status;
	}

	/** The Publisher Priority its objects are scheduled with. */
	get publisherPriority(): number {
		return this.options.publisherPriority ?? this.host.defaultPublisherPriority;
	}

	/** The delivery timeouts this subgroup runs with (0: none). */
	get deliveryTimeouts(): Required<DeliveryTimeouts> {
		return this.host.deliveryTimeouts(this.overrides);
	}

	/**
	 * Queues one object. Resolves once the transport took it (backpressure) or it was dropped
	 * (filtered, Forward State 0, the stream cancelled). Rejects with a WireError for an object
	 * that breaks the subgroup's rules: an Object ID not above the previous one, anything after
	 * End of Group / End of Track or `end()`, a status or properties the draft forbids.
	 */
	writeObject(o: OutgoingObject): Promise<void> {
		try {
			this.check(o);
		} catch (e) {
			return Promise.reject(e);
		}
		const at = o.receivedAt ?? this.host.clock.now();
		if (this.written === 0) {
			this.sgId ??= o.objectId;
			if (this.host.draft >= 19) this.overrides = timeoutOverrides(o);
		}
		this.written++;
		this.lastObjectId = o.objectId;
		const status = o.status ?? ObjectStatus.NORMAL;
		if (status === ObjectStatus.END_OF_GROUP || status === ObjectStatus.END_OF_TRACK) this.terminal = true;
		if (!this.sendable(o)) {
			this.skipped = true;
			return RESOLVED;
		}
		let stream = this.current;
		const fresh = stream === undefined;
		let w: Writer;
		try {
			stream ??= this.newStream(o);
			w = stream.writer(64 + (o.payload?.length ?? 0));
			if (fresh) stream.encoder.writeHeader(w);
			stream.encoder.writeObject(w, { groupId: this.groupId, ...o, payload: o.payload ?? new Uint8Array(0) });
		} catch (e) {
			return Promise.reject(e);
		}
		if (fresh) this.start(stream);
		return stream.write(w, at);
	}

	/**
	 * Ends the subgroup: FIN after everything queued (no stream is opened for a subgroup that sent
	 * nothing). Resolves when the FIN is queued or the stream is gone.
	 */
	end(): Promise<void> {
		if (this.ending !== undefined) return this.ending;
		if (this.status === "idle" || this.status === "open") this.status = "finished";
		this.ending = this.current?.end() ?? RESOLVED;
		return this.ending;
	}

	/** Abandons the subgroup with RESET_STREAM (`code`), even a stream whose FIN is sent; later objects are an error. */
	reset(code: number): void {
		this.ending ??= RESOLVED;
		this.status = "reset";
		this.current = undefined;
		for (const stream of [...this.live]) stream.reset(code, true);
	}

	/** Forward State went to 0, or a filter update excluded the group: reset with CANCELLED. @internal */
	suspend(): void {
		this.current?.cancelUnsent(this.owner.codes.CANCELLED);
	}

	/** The track sender closed: resets unfinished streams with `code`, stops every timer. @internal */
	close(code: number): void {
		if (this.status === "idle" || this.status === "open" || this.status === "stopped") this.status = "closed";
		for (const stream of [...this.live]) stream.reset(code);
	}

	/** Subscriber priority changed: recompute the streams' send order. @internal */
	reprioritize(): void {
		for (const stream of this.live) stream.reprioritize();
	}

	private check(o: OutgoingObject): void {
		if (this.status === "reset" || this.ending !== undefined) {
			throw new WireError("invalid-value", "the subgroup was ended or reset");
		}
		if (this.terminal) throw new WireError("invalid-value", "an object after End of Group / End of Track");
		if (o.objectId <= this.lastObjectId) {
			throw new WireError("invalid-value", `Object ID ${o.objectId} does not follow ${this.lastObjectId}`);
		}
		const status = o.status ?? ObjectStatus.NORMAL;
		const codec = codecFor(this.host.draft);
		if (!isObjectStatus(status, codec)) {
			throw new WireError("unsupported", `draft-${codec.draft} has no status ${status}`);
		}
		if (status !== ObjectStatus.NORMAL && (o.payload?.length ?? 0) > 0) {
			throw new WireError("invalid-value", `an object with status ${status} must have an empty payload`);
		}
		if ((o.properties?.length ?? 0) > 0 && !propertiesAllowed(status, codec)) {
			throw new WireError("invalid-value", `draft-${codec.draft} forbids properties on status ${status}`);
		}
	}

	private sendable(o: OutgoingObject): boolean {
		const s = this.status;
		if (s === "timed-out" || s === "closed" || !this.host.canSend()) return false;
		if (s === "stopped" && this.host.forwardEpoch() === this.stoppedEpoch) return false;
		return this.host.passes({
			groupId: this.groupId,
			subgroupId: this.sgId,
			objectId: o.objectId,
			publisherPriority: this.publisherPriority,
			properties: o.properties,
		});
	}

	// A new stream whose first object is `o`.
	private newStream(o: OutgoingObject): SubgroupStream {
		const sg = this.sgId!;
		const firstOnStream = this.options.firstObject !== false && !this.skipped && this.streams === 0;
		const implicit = this.options.subgroupId === "first-object" && o.objectId === sg;
		const header: SubgroupHeader = {
			type: "SUBGROUP_HEADER",
			trackAlias: this.host.trackAlias,
			groupId: this.groupId,
			subgroupIdMode: implicit
				? SubgroupIdMode.FIRST_OBJECT_ID
				: sg === 0n
					? SubgroupIdMode.ZERO
					: SubgroupIdMode.EXPLICIT,
			subgroupId: sg,
			// draft-14 has no DEFAULT_PRIORITY: the priority is always in the header.
			publisherPriority:
				this.options.publisherPriority ?? (this.host.draft === 14 ? this.host.defaultPublisherPriority : undefined),
			hasProperties: this.options.hasProperties ?? (o.properties?.length ?? 0) > 0,
			endOfGroup: this.options.endOfGroup === true,
			firstObject: this.host.draft >= 17 ? firstOnStream : undefined,
		};
		return new SubgroupStream(this.owner, new SubgroupStreamEncoder(header, this.host.draft, this.host.codec));
	}

	private start(stream: SubgroupStream): void {
		this.streams++;
		this.current = stream;
		this.status = "open";
		this.live.add(stream);
		this.host.setActive(this, true);
	}

	// A stream takes no more objects; a later object opens a new one if the state allows.
	private stopped(stream: SubgroupStream, why: StreamStop | undefined): void {
		if (this.current === stream) this.current = undefined;
		if (this.status === "reset" || this.status === "closed") return;
		if (why === "stopped") this.stoppedEpoch = this.host.forwardEpoch();
		if (why !== undefined) this.status = why;
		else if (this.status === "open") this.status = "idle";
	}
}

// draft-19 §12.1/§12.2: timeout properties on a subgroup's first object override the track's.
function timeoutOverrides(o: OutgoingObject): DeliveryTimeouts {
	let object: number | undefined;
	let subgroup: number | undefined;
	for (const kv of o.properties ?? []) {
		if (typeof kv.value !== "bigint") continue;
		if (kv.type === OBJECT_DELIVERY_TIMEOUT && object === undefined) object = Number(kv.value);
		if (kv.type === SUBGROUP_DELIVERY_TIMEOUT && subgroup === undefined) subgroup = Number(kv.value);
	}
	return { object, subgroup };
}
