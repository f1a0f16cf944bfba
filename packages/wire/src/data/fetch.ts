/**
 * FETCH_HEADER and the objects of a fetch stream (draft-ietf-moq-transport-14 §10.4.4, -16
 * §10.4.4, -18 §11.4.4, -19 §11.4.4 "Fetch Header", with "Flags" and "End of Range"):
 *
 * ```
 * FETCH_HEADER { Type (i) = 0x5, Request ID (i) }
 * -14 object:  { Group ID (i), Subgroup ID (i), Object ID (i), Publisher Priority (8),
 *                Extension Headers Length (i), [Extension headers], Object Payload Length (i),
 *                [Object Status (i)], Object Payload (..) }
 * -16+ object: { Serialization Flags (i), [Group ID (-16) | Group ID Delta (-18+) (i)], [Subgroup ID (i)],
 *                [Object ID (-16) | Object ID Delta (-18+) (i)], [Publisher Priority (8)], [Properties (..)],
 *                Object Payload Length (i), [Object Payload (..)] }
 * ```
 *
 * Serialization Flags below 128 are bits: 0x03 subgroup mode (zero / prior / prior + 1 /
 * explicit), 0x04 Object ID present (else prior + 1), 0x08 Group ID present (else prior), 0x10
 * Priority present (else prior), 0x20 Properties present, 0x40 Datagram forwarding preference
 * (no Subgroup ID). 0x8C ends a range of non-existent objects and 0x10C a range of unknown ones;
 * both carry only the Group and Object fields. Any other value is a PROTOCOL_VIOLATION, and so is
 * a reference to a prior field when there is none (the first object, or the subgroup / priority
 * after only End of Range markers).
 *
 * -16 carries absolute Group and Object IDs (the draft says so only by naming the fields "Group
 * ID" and "Object ID"). -18/-19 carry deltas: the first values are absolute; then Group ID =
 * prior ± (delta + 1), the sign given by the fetch's Group Order, and Object ID = the delta when
 * the group changed, else prior + delta. Since a present Group ID Delta always moves to another
 * group, an End of Range inside the prior object's group cannot be expressed after the first item.
 * -16 has no Object Status in fetch objects (every fetched object is Normal); -14 has it.
 *
 * After an End of Range, "prior" Group and Object IDs are the marker's, while the prior subgroup
 * and priority are the last real object's (-18 §11.4.4.2; applied to -16 too, which is silent).
 * After a Datagram object the prior Subgroup ID is the last one an object carried.
 *
 * @module
 */

import { type Codec, type CodecOptions, codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import type { Reader } from "../reader.js";
import { GroupOrder, type KeyValuePair, ObjectStatus } from "../types.js";
import type { Draft } from "../version.js";
import type { Writer } from "../writer.js";
import {
	checkObjectForEncoding,
	checkObjectStatus,
	checkPropertiesAllowed,
	ForwardingPreference,
	type MoqtObject,
	maxId,
} from "./object.js";
import { type NeedHint, readProperties, writeProperties } from "./properties.js";
import { StreamType } from "./stream-type.js";

/** FETCH_HEADER. */
export interface FetchHeader {
	readonly type: "FETCH_HEADER";
	readonly requestId: bigint;
}

/**
 * An End of Range marker on a fetch stream (-16+): every object after the previous item, up to
 * this Location inclusive, does not exist or has an unknown status.
 */
export interface FetchEndOfRange {
	/** "non-existent" (0x8C) or "unknown" (0x10C). */
	readonly endOfRange: "non-existent" | "unknown";
	readonly groupId: bigint;
	readonly objectId: bigint;
}

/** What a fetch stream carries after its header: objects and (-16+) End of Range markers. */
export type FetchItem = MoqtObject | FetchEndOfRange;

/** True when a fetch stream item is an End of Range marker. */
export function isEndOfRange(item: FetchItem): item is FetchEndOfRange {
	return (item as FetchEndOfRange).endOfRange !== undefined;
}

/** Serialization Flags of fetch objects (-16+). */
export const FetchSerializationFlag = {
	/** Two-bit field: 0 Subgroup ID zero, 1 prior, 2 prior + 1, 3 field present. */
	SUBGROUP_MODE: 0x03,
	OBJECT_ID: 0x04,
	GROUP_ID: 0x08,
	PRIORITY: 0x10,
	PROPERTIES: 0x20,
	DATAGRAM: 0x40,
	END_OF_NON_EXISTENT_RANGE: 0x8c,
	END_OF_UNKNOWN_RANGE: 0x10c,
} as const;

/** Writes a FETCH_HEADER (type included). */
export function writeFetchHeader(w: Writer, h: FetchHeader, c: Codec): void {
	w.moqtVarint = c.moqtVarint;
	w.varint(StreamType.FETCH_HEADER);
	w.varint(h.requestId);
}

/** Thrown by {@link FetchObjectReader} when a Group ID Delta needs the group order, not yet known. */
export const BLOCKED: { readonly blocked: true } = Object.freeze({ blocked: true as const });

/** The fields a fetch stream's items refer back to. */
class Prior {
	group: bigint | undefined;
	object: bigint | undefined;
	subgroup: bigint | undefined;
	priority: number | undefined;
}

function noPrior(what: string, offset: number): WireError {
	return new WireError("malformed", `a fetch object refers to the prior ${what}, and there is none`, { offset });
}

/** Reads fetch stream items up to their payload, tracking the prior object. */
export class FetchObjectReader implements NeedHint {
	need = 0;
	/** Payload length of the item read last; -1 for an End of Range marker. */
	payloadLength = 0;
	/** The fetch's group order, needed from -17 to apply Group ID Deltas. */
	groupOrder: GroupOrder | undefined;
	private readonly c: Codec;
	private readonly prior = new Prior();
	private readonly max: bigint;
	// The item being read.
	private groupId = 0n;
	private objectId = 0n;
	private subgroupId: bigint | undefined;
	private priority = 0;
	private preference: ForwardingPreference | undefined;
	private status: ObjectStatus = ObjectStatus.NORMAL;
	private properties: KeyValuePair[] | undefined;
	private range: FetchEndOfRange["endOfRange"] = "unknown";

	constructor(c: Codec, groupOrder?: GroupOrder) {
		this.c = c;
		this.max = maxId(c);
		this.groupOrder = groupOrder;
	}

	/**
	 * Reads one item up to its payload. Throws SHORT (with {@link need} set when a properties block
	 * is incomplete) or {@link BLOCKED} without changing any state, so the caller can retry.
	 */
	readHead(r: Reader): void {
		if (this.c.draft === 14) this.readHead14(r);
		else this.readHeadFlags(r);
	}

	private readHead14(r: Reader): void {
		const c = this.c;
		const groupId = r.varintBig();
		const subgroupId = r.varintBig();
		const objectId = r.varintBig();
		const priority = r.u8();
		const properties = readProperties(r, c, this);
		const length = this.readLength(r);
		let status: ObjectStatus = ObjectStatus.NORMAL;
		if (length === 0) {
			const at = r.pos;
			status = checkObjectStatus(r.varintSaturated(), c, at);
			checkPropertiesAllowed(status, properties, c, at);
		}
		this.commit(groupId, objectId, subgroupId, priority, undefined, status, properties, length);
	}

	private readHeadFlags(r: Reader): void {
		const c = this.c;
		const p = this.prior;
		const at = r.pos;
		const flags = r.varintSaturated();
		if (flags >= 0x80) {
			if (
				flags !== FetchSerializationFlag.END_OF_NON_EXISTENT_RANGE &&
				flags !== FetchSerializationFlag.END_OF_UNKNOWN_RANGE
			) {
				throw new WireError("invalid-value", `invalid Serialization Flags 0x${flags.toString(16)}`, { offset: at });
			}
			const groupId = this.readGroup(r, flags, at);
			const objectId = this.readObject(r, flags, at);
			this.range = flags === FetchSerializationFlag.END_OF_NON_EXISTENT_RANGE ? "non-existent" : "unknown";
			this.groupId = p.group = groupId;
			this.objectId = p.object = objectId;
			this.payloadLength = -1;
			return;
		}
		// Wire order: Group, Subgroup, Object, Priority, Properties, Length.
		const groupId = this.readGroup(r, flags, at);
		let subgroupId: bigint | undefined;
		if ((flags & FetchSerializationFlag.DATAGRAM) === 0) {
			switch (flags & FetchSerializationFlag.SUBGROUP_MODE) {
				case 0:
					subgroupId = 0n;
					break;
				case 1:
					if (p.subgroup === undefined) throw noPrior("Subgroup ID", at);
					subgroupId = p.subgroup;
					break;
				case 2:
					if (p.subgroup === undefined) throw noPrior("Subgroup ID", at);
					subgroupId = p.subgroup + 1n;
					if (subgroupId > this.max) throw new WireError("invalid-value", "Subgroup ID overflows", { offset: at });
					break;
				default:
					subgroupId = r.varintBig();
			}
		}
		const objectId = this.readObject(r, flags, at);
		let priority: number;
		if ((flags & FetchSerializationFlag.PRIORITY) !== 0) priority = r.u8();
		else if (p.priority === undefined) throw noPrior("Publisher Priority", at);
		else priority = p.priority;
		const properties = (flags & FetchSerializationFlag.PROPERTIES) !== 0 ? readProperties(r, c, this) : undefined;
		const length = this.readLength(r);
		const preference = subgroupId === undefined ? ForwardingPreference.DATAGRAM : ForwardingPreference.SUBGROUP;
		this.commit(groupId, objectId, subgroupId, priority, preference, ObjectStatus.NORMAL, properties, length);
	}

	// The Group ID: the field (absolute in -16 and for the first item, a delta from -17), or the prior's.
	private readGroup(r: Reader, flags: number, at: number): bigint {
		const p = this.prior;
		if ((flags & FetchSerializationFlag.GROUP_ID) === 0) {
			if (p.group === undefined) throw noPrior("Group ID", at);
			return p.group;
		}
		const g = r.varintBig();
		if (!this.c.moqtVarint || p.group === undefined) return g;
		if (this.groupOrder === undefined) throw BLOCKED;
		if (this.groupOrder === GroupOrder.DESCENDING) {
			const groupId = p.group - g - 1n;
			if (groupId < 0n) throw new WireError("invalid-value", "Group ID Delta goes below 0", { offset: at });
			return groupId;
		}
		const groupId = p.group + g + 1n;
		if (groupId > this.max) throw new WireError("invalid-value", "Group ID overflows", { offset: at });
		return groupId;
	}

	// The Object ID: the field (absolute in -16, in a new group and for the first item; else a
	// delta from the prior from -17), or the prior's + 1.
	private readObject(r: Reader, flags: number, at: number): bigint {
		const p = this.prior;
		let objectId: bigint;
		if ((flags & FetchSerializationFlag.OBJECT_ID) !== 0) {
			const o = r.varintBig();
			const sameGroup = (flags & FetchSerializationFlag.GROUP_ID) === 0;
			objectId = this.c.moqtVarint && sameGroup && p.object !== undefined ? p.object + o : o;
		} else if (p.object === undefined) {
			throw noPrior("Object ID", at);
		} else {
			objectId = p.object + 1n;
		}
		if (objectId > this.max) throw new WireError("invalid-value", "Object ID overflows", { offset: at });
		return objectId;
	}

	private readLength(r: Reader): number {
		const at = r.pos;
		const length = r.varint();
		if (length > this.c.limits.maxObjectPayload) {
			throw new WireError("too-large", `object payload of ${length} bytes exceeds the limit`, { offset: at });
		}
		return length;
	}

	private commit(
		groupId: bigint,
		objectId: bigint,
		subgroupId: bigint | undefined,
		priority: number,
		preference: ForwardingPreference | undefined,
		status: ObjectStatus,
		properties: KeyValuePair[] | undefined,
		length: number,
	): void {
		const p = this.prior;
		this.groupId = p.group = groupId;
		this.objectId = p.object = objectId;
		this.subgroupId = subgroupId;
		if (subgroupId !== undefined) p.subgroup = subgroupId;
		this.priority = p.priority = priority;
		this.preference = preference;
		this.status = status;
		this.properties = properties;
		this.payloadLength = length;
	}

	/** The item read last: an object with its payload, or an End of Range marker. */
	make(payload: Uint8Array): FetchItem {
		if (this.payloadLength < 0) return { endOfRange: this.range, groupId: this.groupId, objectId: this.objectId };
		return {
			groupId: this.groupId,
			subgroupId: this.subgroupId,
			objectId: this.objectId,
			publisherPriority: this.priority,
			forwardingPreference: this.preference,
			status: this.status,
			properties: this.properties,
			payload,
		};
	}
}

/** Options of a {@link FetchStreamEncoder}. */
export interface FetchEncoderOptions extends CodecOptions {
	/** The fetch's group order; from -17 needed to write Group ID Deltas. */
	readonly groupOrder?: GroupOrder;
}

/**
 * Writes a fetch stream: the header, then objects and End of Range markers, choosing the
 * shortest Serialization Flags from -16 (fields equal to the prior object's are left out).
 */
export class FetchStreamEncoder {
	private readonly c: Codec;
	private readonly groupOrder: GroupOrder | undefined;
	private readonly prior = new Prior();

	constructor(draft: Draft, options?: FetchEncoderOptions) {
		this.c = codecFor(draft, options);
		this.groupOrder = options?.groupOrder;
	}

	/** Writes the FETCH_HEADER. */
	writeHeader(w: Writer, h: FetchHeader): void {
		writeFetchHeader(w, h, this.c);
	}

	/** Writes an object or an End of Range marker. */
	write(w: Writer, item: FetchItem): void {
		if (isEndOfRange(item)) this.writeEndOfRange(w, item);
		else this.writeObject(w, item);
	}

	/**
	 * Writes one object. Throws {@link WireError} (leaving writer and encoder unchanged) when the
	 * draft cannot carry it: a status other than Normal from -16, no Publisher Priority, or (-17+)
	 * a group out of the fetch's group order or an Object ID below the prior one in its group.
	 */
	writeObject(w: Writer, o: MoqtObject): void {
		const c = this.c;
		const status = checkObjectForEncoding(o, c);
		if (o.publisherPriority === undefined) {
			throw new WireError("invalid-value", "a fetch object needs a Publisher Priority");
		}
		const start = w.pos;
		w.moqtVarint = c.moqtVarint;
		try {
			if (c.draft === 14) this.writeObject14(w, o, status);
			else this.writeObjectFlags(w, o, status);
		} catch (e) {
			w.pos = start;
			throw e;
		}
		const p = this.prior;
		p.group = o.groupId;
		p.object = o.objectId;
		p.priority = o.publisherPriority;
		const datagram = c.draft !== 14 && isDatagram(o);
		if (!datagram) p.subgroup = o.subgroupId ?? o.objectId;
	}

	private writeObject14(w: Writer, o: MoqtObject, status: ObjectStatus): void {
		const c = this.c;
		w.varint(o.groupId);
		// draft-14 §10.4.4: a Datagram object's Subgroup ID field is its Object ID.
		w.varint(o.subgroupId === undefined || isDatagram(o) ? o.objectId : o.subgroupId);
		w.varint(o.objectId);
		w.u8(o.publisherPriority!);
		writeProperties(w, c, o.properties);
		w.varint(o.payload.length);
		if (o.payload.length === 0) w.varint(status);
		else w.bytes(o.payload);
	}

	private writeObjectFlags(w: Writer, o: MoqtObject, status: ObjectStatus): void {
		if (status !== ObjectStatus.NORMAL) {
			throw new WireError("unsupported", `draft-${this.c.draft} fetch objects carry no Object Status`);
		}
		const p = this.prior;
		const loc = this.location(o.groupId, o.objectId, false);
		let flags = loc.flags;
		let subgroupField = false;
		if (isDatagram(o)) {
			flags |= FetchSerializationFlag.DATAGRAM;
		} else {
			const sg = o.subgroupId!;
			if (sg === 0n) flags |= 0;
			else if (sg === p.subgroup) flags |= 1;
			else if (p.subgroup !== undefined && sg === p.subgroup + 1n) flags |= 2;
			else {
				flags |= 3;
				subgroupField = true;
			}
		}
		const priorityField = o.publisherPriority !== p.priority;
		if (priorityField) flags |= FetchSerializationFlag.PRIORITY;
		const hasProperties = o.properties !== undefined && o.properties.length > 0;
		if (hasProperties) flags |= FetchSerializationFlag.PROPERTIES;
		w.varint(flags);
		if (loc.group !== undefined) w.varint(loc.group);
		if (subgroupField) w.varint(o.subgroupId!);
		if (loc.object !== undefined) w.varint(loc.object);
		if (priorityField) w.u8(o.publisherPriority!);
		if (hasProperties) writeProperties(w, this.c, o.properties);
		w.varint(o.payload.length);
		w.bytes(o.payload);
	}

	/** Writes an End of Range marker (-16+). */
	writeEndOfRange(w: Writer, e: FetchEndOfRange): void {
		const c = this.c;
		if (c.draft === 14) throw new WireError("unsupported", "draft-14 fetch streams have no End of Range");
		const loc = this.location(e.groupId, e.objectId, true);
		w.moqtVarint = c.moqtVarint;
		w.varint(
			e.endOfRange === "non-existent"
				? FetchSerializationFlag.END_OF_NON_EXISTENT_RANGE
				: FetchSerializationFlag.END_OF_UNKNOWN_RANGE,
		);
		w.varint(loc.group!);
		w.varint(loc.object!);
		this.prior.group = e.groupId;
		this.prior.object = e.objectId;
	}

	// The Group and Object fields (absolute in -16, deltas from -17) and their flags; a field is
	// left out when the prior object implies it, except in an End of Range where both are present.
	private location(
		groupId: bigint,
		objectId: bigint,
		endOfRange: boolean,
	): { flags: number; group: bigint | undefined; object: bigint | undefined } {
		const p = this.prior;
		const deltas = this.c.moqtVarint;
		let flags = 0;
		let group: bigint | undefined;
		if (p.group === undefined || !deltas) {
			if (endOfRange || p.group === undefined || groupId !== p.group) group = groupId;
		} else if (groupId !== p.group) {
			if (this.groupOrder === undefined) {
				throw new WireError("invalid-value", "writing a Group ID Delta needs the fetch's group order");
			}
			group = this.groupOrder === GroupOrder.DESCENDING ? p.group - groupId - 1n : groupId - p.group - 1n;
			if (group < 0n) throw new WireError("invalid-value", `Group ${groupId} is out of the fetch's group order`);
		} else if (endOfRange) {
			// A present Group ID Delta always moves to another group.
			throw new WireError("invalid-value", "after the first item, an End of Range must be in another group");
		}
		let object: bigint | undefined;
		if (endOfRange || p.object === undefined || objectId !== p.object + 1n) {
			if (!deltas || group !== undefined || p.object === undefined) {
				object = objectId;
			} else {
				object = objectId - p.object;
				if (object < 0n)
					throw new WireError("invalid-value", `Object ${objectId} comes after ${p.object} in its group`);
			}
		}
		if (group !== undefined) flags |= FetchSerializationFlag.GROUP_ID;
		if (object !== undefined) flags |= FetchSerializationFlag.OBJECT_ID;
		return { flags, group, object };
	}
}

function isDatagram(o: MoqtObject): boolean {
	return o.forwardingPreference === ForwardingPreference.DATAGRAM || o.subgroupId === undefined;
}
