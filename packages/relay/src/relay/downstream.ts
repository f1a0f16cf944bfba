/**
 * One downstream subscription of a relayed track: the subscriber's SUBSCRIBE the relay accepted
 * (or a PUBLISH the relay sent it), written through `@moqt/session`'s TrackPublisher, which
 * applies the subscriber's Forward State, filters, priorities and delivery timeouts
 * (draft-ietf-moq-transport-19 §9.4 "Subscriber Interactions", §11.4 "Streams"; -14 §8.3).
 *
 * - Each upstream subgroup becomes one downstream subgroup stream, opened with the first object
 *   sent and ended when the upstream stream's FIN marker comes through the queue (a reset marker
 *   resets it with the same code in this session's draft). A subscriber that joined after the
 *   upstream subgroup began gets a stream without the FIRST_OBJECT flag (-17+).
 * - An upstream header's End of Group bit becomes an End of Group object before the FIN: "a relay
 *   may change an End-of-Group="Y" Subgroup Header to an equivalent object with an End of Group
 *   status" (-19 §9.1 "Caching Relays").
 * - Object properties are re-encoded for this session's draft when the upstream spoke another
 *   (`propertiesForDraft`); payloads are written as received.
 * - Subgroup streams an upstream never ends are ended once more than {@link MAX_OPEN_GROUPS}
 *   groups are open, so a broken publisher cannot make the relay hold streams forever.
 *
 * @module
 */

import type { SubgroupSender, TrackPublisher } from "@moqt/session";
import { type Draft, type KeyValuePair, ObjectStatus, propertiesForDraft, StreamResetCode } from "@moqt/wire";
import { translateStreamReset } from "./codes.js";
import type { RelayObject } from "./relay-object.js";

/** Groups with open downstream streams kept per subscription before the oldest are ended. */
export const MAX_OPEN_GROUPS = 32;

/** How a downstream subscription reports to its track. */
export interface DownstreamOwner {
	/** The subscription ended (unsubscribed, closed by the relay, or its session closed). */
	downstreamEnded(downstream: Downstream): void;
	/** Drop what is queued for the subscription: it is being ended without it. */
	discard(downstream: Downstream): void;
}

/** One downstream subscription of a relayed track. */
export class Downstream {
	readonly publisher: TrackPublisher;
	/** The downstream session's draft. */
	readonly draft: Draft;
	/** The track's object sequence number when the subscription started. */
	readonly joinSeq: number;
	/** Objects (and markers) queued for it in its session's send queue. */
	queued = 0;
	readonly #senders = new Map<bigint, Map<bigint, SubgroupSender>>();
	readonly #owner: DownstreamOwner;
	/** Set when the relay is ending it: the PUBLISH_DONE to send once its queue is empty. */
	#finishing: { readonly code: number; readonly reason: string; readonly abandon: boolean } | undefined;
	#deadline: ReturnType<typeof setTimeout> | undefined;
	readonly #finishTimeoutMs: number;
	#over = false;

	/**
	 * `finishTimeoutMs`: how long an ending subscription may take to send what is queued for it; a
	 * subscriber that stalls longer loses the rest (its streams are reset) and gets PUBLISH_DONE anyway.
	 */
	constructor(
		publisher: TrackPublisher,
		draft: Draft,
		joinSeq: number,
		owner: DownstreamOwner,
		finishTimeoutMs: number,
	) {
		this.#finishTimeoutMs = finishTimeoutMs;
		this.publisher = publisher;
		this.draft = draft;
		this.joinSeq = joinSeq;
		this.#owner = owner;
		void publisher.done.then(() => this.#ended());
	}

	/** True once the subscription is over. */
	get over(): boolean {
		return this.#over;
	}

	/** True while the subscriber wants objects (Forward State 1) and the relay is not ending it. */
	get wants(): boolean {
		return !this.#over && this.#finishing === undefined && this.publisher.forward;
	}

	/** Writes one object or marker; returns the write's promise (backpressure), if there is one. */
	write(o: RelayObject): Promise<void> | undefined {
		if (this.#over) return undefined;
		// draft-14's Object Does Not Exist has no later equivalent: a gap says it there.
		if (o.status === ObjectStatus.DOES_NOT_EXIST && this.draft !== 14) return undefined;
		switch (o.kind) {
			case "object":
				return this.#sender(o).writeObject({
					objectId: o.objectId,
					payload: o.payload,
					properties: this.#properties(o),
					status: o.status,
					receivedAt: o.receivedAt,
				});
			case "datagram":
				this.publisher.sendDatagram({
					groupId: o.groupId,
					objectId: o.objectId,
					payload: o.payload,
					properties: this.#properties(o),
					status: o.status,
					publisherPriority: o.publisherPriority,
					endOfGroup: o.endOfGroup,
					receivedAt: o.receivedAt,
				});
				return undefined;
			case "fin":
				return this.#finish(o);
			case "reset":
				this.#take(o.groupId, o.subgroupId!)?.reset(translateStreamReset(o.draft, this.draft, o.resetCode));
				return undefined;
		}
	}

	/** A write failed (an object the subgroup cannot take): the stream is reset and forgotten. */
	failed(o: RelayObject, code: number): void {
		if (o.subgroupId !== undefined) this.#take(o.groupId, o.subgroupId)?.reset(code);
	}

	/** The send queue dropped a group this subscription had started: reset its streams with `code`. */
	resetSubgroup(groupId: bigint, subgroupId: bigint, code: number): void {
		this.#take(groupId, subgroupId)?.reset(code);
	}

	/**
	 * Ends the subscription with PUBLISH_DONE `code` (of this session's draft) once the objects
	 * queued for it have gone out. With `abandon` (the publisher vanished), streams still open then
	 * are reset with CANCELLED instead of finished: their subgroups are incomplete.
	 */
	finish(code: number, reason: string, abandon = false): void {
		if (this.#over || this.#finishing !== undefined) return;
		this.#finishing = { code, reason, abandon };
		if (this.queued === 0) {
			this.drained();
			return;
		}
		this.#deadline = setTimeout(() => {
			this.#owner.discard(this);
			this.queued = 0;
			this.#finishing = { code, reason, abandon: true };
			this.drained();
		}, this.#finishTimeoutMs);
		this.#deadline.unref?.();
	}

	/** Its queue emptied: a pending {@link finish} completes. */
	drained(): void {
		const finishing = this.#finishing;
		if (finishing === undefined || this.#over) return;
		if (finishing.abandon) {
			const cancelled = StreamResetCode[this.draft].CANCELLED;
			for (const group of this.#senders.values()) for (const sender of group.values()) sender.reset(cancelled);
			this.#senders.clear();
		}
		this.close(finishing.code, finishing.reason);
	}

	/** Ends the subscription at once: FIN on every open stream, then PUBLISH_DONE `code`. */
	close(code: number, reason: string): void {
		if (this.#over) return;
		this.publisher.close(code, reason);
	}

	// The object's properties in this session's draft: none on a status object from draft-16 on,
	// where only Normal objects may carry them (draft-14 allows them on End of Group / Track).
	#properties(o: RelayObject): readonly KeyValuePair[] | undefined {
		if (o.properties.length === 0) return o.properties;
		if (o.status !== ObjectStatus.NORMAL && this.draft !== 14) return undefined;
		return propertiesForDraft(o.properties, o.draft, this.draft);
	}

	#sender(o: RelayObject): SubgroupSender {
		const subgroupId = o.subgroupId!;
		let group = this.#senders.get(o.groupId);
		const existing = group?.get(subgroupId);
		if (existing !== undefined && usable(existing)) return existing;
		if (group === undefined) {
			if (this.#senders.size >= MAX_OPEN_GROUPS) this.#endOldestGroup();
			group = new Map();
			this.#senders.set(o.groupId, group);
		}
		const sender = this.publisher.openSubgroup({
			groupId: o.groupId,
			subgroupId,
			publisherPriority: o.publisherPriority,
			// Whether later objects carry properties is unknown when the stream opens.
			hasProperties: true,
			firstObject: existing === undefined && o.subgroupStart >= this.joinSeq,
		});
		group.set(subgroupId, sender);
		return sender;
	}

	#finish(o: RelayObject): Promise<void> | undefined {
		const sender = this.#take(o.groupId, o.subgroupId!);
		if (sender === undefined) return undefined;
		if (o.endOfGroup && sender.state === "open") {
			// Rejected when the upstream already sent its own End of Group object: nothing to add then.
			sender.writeObject({ objectId: o.objectId + 1n, status: ObjectStatus.END_OF_GROUP }).catch(() => undefined);
		}
		return sender.end();
	}

	#take(groupId: bigint, subgroupId: bigint): SubgroupSender | undefined {
		const group = this.#senders.get(groupId);
		const sender = group?.get(subgroupId);
		if (sender === undefined) return undefined;
		group!.delete(subgroupId);
		if (group!.size === 0) this.#senders.delete(groupId);
		return sender;
	}

	#endOldestGroup(): void {
		let oldest: bigint | undefined;
		for (const id of this.#senders.keys()) if (oldest === undefined || id < oldest) oldest = id;
		const group = this.#senders.get(oldest!)!;
		this.#senders.delete(oldest!);
		for (const sender of group.values()) void sender.end();
	}

	#ended(): void {
		if (this.#over) return;
		this.#over = true;
		clearTimeout(this.#deadline);
		this.#senders.clear();
		this.#owner.downstreamEnded(this);
	}
}

function usable(sender: SubgroupSender): boolean {
	const state = sender.state;
	return state !== "finished" && state !== "reset" && state !== "closed";
}
