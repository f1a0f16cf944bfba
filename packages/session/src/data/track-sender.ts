/**
 * The publisher side of one subscription (SUBSCRIBE or PUBLISH): subgroup streams and datagrams
 * for one Track Alias (draft-ietf-moq-transport-14/-16 §10 and -18/-19 §11 "Data Streams and
 * Datagrams"), under the subscription's Forward State (-14/-16/-18/-19 §5.1 "Subscriptions"),
 * filters (§5.1.2, -19 §5.1.3–5.1.4), priorities (§7 "Priorities") and delivery timeouts (-14
 * §9.2.1.2, -16 §9.2.2.2 "DELIVERY TIMEOUT Parameter"; -18/-19 §8).
 *
 * - `openSubgroup` returns a {@link SubgroupSender}; its stream opens with the first object sent.
 * - Each stream's transport `sendOrder` comes from `send-order.ts`; a Subscriber Priority update
 *   re-prioritises the open streams ("a best effort SHOULD be made to apply the change").
 * - Forward State 0: no objects are sent and open streams are reset with CANCELLED (-16+
 *   §"Closing Subgroup Streams": "Omitting a Subgroup Object due to the subscriber's Forward
 *   State" requires a reset). A filter update that excludes an open subgroup's group resets it too.
 * - Delivery timeouts: the subscriber's and the publisher's (track) values combine as the drafts
 *   say: the smaller of the two when both are non-zero. Datagrams past the timeout are dropped;
 *   from -18 the subgroup timeout applies to them as well (the smaller one wins).
 * - `streamCount` counts the subgroup streams opened, every one including those reset before any
 *   object: PUBLISH_DONE's Stream Count (-19 §10.11: "including streams that contained no Objects").
 * - `finish()` ends every subgroup with FIN (the track is complete); `close(code)` resets every
 *   unfinished stream and cancels every timer, so nothing is left behind.
 *
 * @module
 */

import {
	type CodecOptions,
	type Draft,
	encodeDatagram,
	GroupOrder,
	ObjectStatus,
	type RangeFilter,
	StreamResetCode,
	type WireLimits,
} from "@moqt/wire";
import type { Clock } from "./clock.js";
import { type FilterableObject, type LocationRange, ObjectFilter } from "./object-filter.js";
import { subgroupSendOrder } from "./send-order.js";
import { type SubgroupHost, type SubgroupOptions, SubgroupSender } from "./subgroup-sender.js";
import type { DataTransport } from "./transport.js";
import type { DeliveryTimeouts, OutgoingDatagram } from "./types.js";

/** What a track sender is made with. */
export interface TrackSenderOptions {
	readonly transport: DataTransport;
	readonly draft: Draft;
	readonly trackAlias: bigint;
	/** 0–255 (SUBSCRIBE's, or PUBLISH_OK's). */
	readonly subscriberPriority: number;
	/** Ascending or Descending: the driver resolves draft-14's "publisher's choice" (0x0). */
	readonly groupOrder: GroupOrder;
	/** The Forward State; default true. */
	readonly forward?: boolean;
	/** The location filter, absolute (the driver resolves Largest Object / Next Group Start). */
	readonly filter?: LocationRange;
	/** -19 Range Filters. */
	readonly rangeFilters?: readonly RangeFilter[];
	/** The subscriber's delivery timeouts (SUBSCRIBE / PUBLISH_OK / REQUEST_UPDATE parameters). */
	readonly deliveryTimeout?: DeliveryTimeouts;
	/** The publisher's delivery timeouts (the track's property / extension). */
	readonly publisherDeliveryTimeout?: DeliveryTimeouts;
	/** The priority objects inherit (DEFAULT_PUBLISHER_PRIORITY, 128 when omitted). */
	readonly defaultPublisherPriority?: number;
	readonly clock: Clock;
	/** Wire limits for encoding (payload and properties sizes). */
	readonly limits?: Partial<WireLimits>;
	/** The group send orders are relative to (default: the first group sent). See send-order.ts. */
	readonly baseGroup?: bigint;
}

/** A change to the subscription (REQUEST_UPDATE / SUBSCRIBE_UPDATE / PUBLISH_OK); absent fields stay. */
export interface TrackUpdate {
	readonly forward?: boolean;
	readonly subscriberPriority?: number;
	/** Replaces the location filter. */
	readonly filter?: LocationRange;
	/** Replaces the Range Filters (the driver merges per-parameter replacements). */
	readonly rangeFilters?: readonly RangeFilter[];
	/** Replaces the subscriber's delivery timeouts. */
	readonly deliveryTimeout?: DeliveryTimeouts;
}

function checkPriority(value: number, name: string): number {
	if (!Number.isInteger(value) || value < 0 || value > 255) throw new RangeError(`${name} ${value} is not in 0–255`);
	return value;
}

// The smaller of two timeouts when both are set; 0 means none.
function combine(a: number | undefined, b: number | undefined): number {
	const x = a ?? 0;
	const y = b ?? 0;
	return x > 0 && y > 0 ? Math.min(x, y) : Math.max(x, y);
}

/** Sends the objects of one subscription. */
export class TrackSender {
	readonly trackAlias: bigint;
	readonly groupOrder: GroupOrder;
	private readonly host: SubgroupHost;
	private readonly options: TrackSenderOptions;
	private readonly active = new Set<SubgroupSender>();
	private filter: ObjectFilter;
	private subscriberTimeouts: DeliveryTimeouts;
	private subscriber: number;
	private forwarding: boolean;
	private epoch = 0;
	private opened = 0;
	private base: bigint | undefined;
	private state: "open" | "finished" | "closed" = "open";

	constructor(options: TrackSenderOptions) {
		if (options.groupOrder !== GroupOrder.ASCENDING && options.groupOrder !== GroupOrder.DESCENDING) {
			throw new RangeError("the group order must be Ascending or Descending");
		}
		this.options = options;
		this.trackAlias = options.trackAlias;
		this.groupOrder = options.groupOrder;
		this.subscriber = checkPriority(options.subscriberPriority, "Subscriber Priority");
		const defaultPriority = checkPriority(options.defaultPublisherPriority ?? 128, "Publisher Priority");
		this.forwarding = options.forward ?? true;
		this.filter = new ObjectFilter(options.filter, options.rangeFilters);
		this.subscriberTimeouts = options.deliveryTimeout ?? {};
		this.base = options.baseGroup;
		const codec: CodecOptions = options.limits === undefined ? {} : { limits: options.limits };
		this.host = {
			draft: options.draft,
			codec,
			transport: options.transport,
			clock: options.clock,
			trackAlias: options.trackAlias,
			defaultPublisherPriority: defaultPriority,
			forwardEpoch: () => this.epoch,
			canSend: () => this.forwarding && this.state === "open",
			passes: (o: FilterableObject) => this.filter.passes(o),
			sendOrder: (groupId, subgroupId, publisherPriority) =>
				subgroupSendOrder({
					subscriberPriority: this.subscriber,
					publisherPriority,
					groupOrder: this.groupOrder,
					groupId,
					subgroupId,
					baseGroup: this.baseGroupFor(groupId),
				}),
			deliveryTimeouts: (overrides) => this.timeouts(overrides),
			streamOpened: () => {
				this.opened++;
			},
			setActive: (sender, active) => {
				if (active) this.active.add(sender);
				else this.active.delete(sender);
			},
		};
	}

	/** Subgroup streams opened so far: PUBLISH_DONE's Stream Count. */
	get streamCount(): number {
		return this.opened;
	}

	/** Subgroups with an unfinished stream or a running delivery timer. */
	get activeSubgroups(): number {
		return this.active.size;
	}

	/** The Forward State. */
	get forward(): boolean {
		return this.forwarding;
	}

	/** The Subscriber Priority. */
	get subscriberPriority(): number {
		return this.subscriber;
	}

	/** True after `finish()` or `close()`: objects are no longer sent. */
	get closed(): boolean {
		return this.state !== "open";
	}

	/** Starts a subgroup. After `finish()` / `close()` its objects are dropped. */
	openSubgroup(options: SubgroupOptions): SubgroupSender {
		this.baseGroupFor(options.groupId);
		return new SubgroupSender(this.host, options);
	}

	/**
	 * Sends one object as a datagram. Returns false when it was not sent: Forward State 0, filtered
	 * out, past its delivery timeout, too large for a datagram, or the sender is closed. Throws a
	 * WireError for an object the draft cannot carry.
	 */
	sendDatagram(o: OutgoingDatagram): boolean {
		const publisherPriority = o.publisherPriority ?? this.host.defaultPublisherPriority;
		checkPriority(publisherPriority, "Publisher Priority");
		const draft = this.options.draft;
		const bytes = encodeDatagram(
			{
				type: "OBJECT_DATAGRAM",
				trackAlias: this.trackAlias,
				groupId: o.groupId,
				objectId: o.objectId,
				// draft-14 has no DEFAULT_PRIORITY: the priority is always on the wire.
				publisherPriority: o.publisherPriority ?? (draft === 14 ? publisherPriority : undefined),
				status: o.status ?? ObjectStatus.NORMAL,
				properties: o.properties,
				payload: o.payload ?? new Uint8Array(0),
				endOfGroup: o.endOfGroup,
			},
			draft,
			this.host.codec,
		);
		if (!this.host.canSend()) return false;
		const passes = this.filter.passes({ ...o, subgroupId: undefined, publisherPriority });
		if (!passes) return false;
		const t = this.timeouts({});
		// -18+ §8: for datagrams the subgroup timeout acts as the object timeout; the smaller wins.
		const timeout = combine(t.object, t.subgroup);
		const clock = this.options.clock;
		if (timeout > 0 && o.receivedAt !== undefined && clock.now() - o.receivedAt >= timeout) return false;
		this.baseGroupFor(o.groupId);
		return this.options.transport.datagrams.send(bytes);
	}

	/** Applies a subscription update. */
	update(u: TrackUpdate): void {
		if (u.subscriberPriority !== undefined && u.subscriberPriority !== this.subscriber) {
			this.subscriber = checkPriority(u.subscriberPriority, "Subscriber Priority");
			for (const s of this.active) s.reprioritize();
		}
		if (u.deliveryTimeout !== undefined) this.subscriberTimeouts = u.deliveryTimeout;
		if (u.filter !== undefined || u.rangeFilters !== undefined) {
			this.filter = new ObjectFilter(u.filter ?? this.filter.location, u.rangeFilters ?? this.options.rangeFilters);
			for (const s of [...this.active]) if (!this.filter.groupInRange(s.groupId)) s.suspend();
		}
		if (u.forward !== undefined && u.forward !== this.forwarding) {
			this.forwarding = u.forward;
			if (u.forward) this.epoch++;
			else for (const s of [...this.active]) s.suspend();
		}
	}

	/** Ends every open subgroup with FIN; later objects are dropped. Resolves when the FINs are queued. */
	async finish(): Promise<void> {
		if (this.state !== "open") return;
		this.state = "finished";
		await Promise.all([...this.active].map((s) => s.end()));
	}

	/**
	 * Resets every unfinished stream with `code` (default CANCELLED) and cancels every timer,
	 * including the subgroup delivery timers of streams already finished. Idempotent.
	 */
	close(code: number = StreamResetCode[this.options.draft].CANCELLED): void {
		this.state = "closed";
		for (const s of [...this.active]) s.close(code);
	}

	/** The delivery timeouts in force (0: none), given a subgroup's -19 object-property overrides. */
	timeouts(overrides: DeliveryTimeouts): Required<DeliveryTimeouts> {
		const publisher = this.options.publisherDeliveryTimeout ?? {};
		const sub = this.subscriberTimeouts;
		const object = combine(sub.object, overrides.object ?? publisher.object);
		// draft-14 and -16 have a single DELIVERY_TIMEOUT.
		if (this.options.draft < 17) return { object, subgroup: 0 };
		return { object, subgroup: combine(sub.subgroup, overrides.subgroup ?? publisher.subgroup) };
	}

	private baseGroupFor(groupId: bigint): bigint {
		this.base ??= groupId;
		return this.base;
	}
}
