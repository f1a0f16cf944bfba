/**
 * Objects on a subgroup stream, after the SUBGROUP_HEADER (draft-ietf-moq-transport-14 §10.4.2,
 * -16 §10.4.2, -18 §11.4.2, -19 §11.4.2 "Subgroup Header", figure "MOQT Subgroup Object Fields"):
 *
 * ```
 * { Object ID Delta (i), [Properties (..)], Object Payload Length (i), [Object Status (i)], [Object Payload (..)] }
 * ```
 *
 * - Object ID = Object ID Delta for the first object on the stream, else previous + delta + 1;
 *   past the largest ID the varints can carry (2^62-1, or 2^64-1 from -17) is a PROTOCOL_VIOLATION.
 * - Properties (a length and Key-Value-Pairs) are present in every object when the header's
 *   EXTENSIONS / PROPERTIES bit is set, and never otherwise.
 * - Object Status is present only when the payload length is 0.
 *
 * {@link SubgroupObjectReader} reads the fields before the payload (the push decoder deals with
 * the payload, which may span chunks); {@link SubgroupStreamEncoder} writes a whole stream.
 *
 * @module
 */

import { type Codec, type CodecOptions, codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import type { Reader } from "../reader.js";
import { type KeyValuePair, ObjectStatus } from "../types.js";
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
import { type SubgroupHeader, SubgroupIdMode, subgroupHeaderType, writeSubgroupHeader } from "./subgroup-header.js";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Reads the object fields that precede the payload, tracking the previous Object ID. */
export class SubgroupObjectReader implements NeedHint {
	need = 0;
	/** Payload length of the object whose fields were read last. */
	payloadLength = 0;
	private readonly c: Codec;
	private readonly header: SubgroupHeader;
	private readonly max: bigint;
	// The previous Object ID as a number while it is safe (-1: no object yet), else in prevBig.
	private prevNum = -1;
	private prevBig: bigint | undefined;
	private subgroupId: bigint | undefined;
	// Fields of the object being read.
	private objectId = 0n;
	private status: ObjectStatus = ObjectStatus.NORMAL;
	private properties: KeyValuePair[] | undefined;

	constructor(c: Codec, header: SubgroupHeader) {
		this.c = c;
		this.header = header;
		this.max = maxId(c);
		this.subgroupId = header.subgroupId;
	}

	/**
	 * Reads one object's fields up to its payload. Throws SHORT (with {@link need} set when a
	 * properties block is incomplete) without changing any state, so the caller can retry.
	 */
	readHead(r: Reader): void {
		const c = this.c;
		const at = r.pos;
		let delta = r.varintSaturated();
		let objectId: bigint;
		let prevNum = -2;
		let prevBig: bigint | undefined;
		if (delta !== MAX_SAFE && this.prevNum !== -2) {
			const n = this.prevNum === -1 ? delta : this.prevNum + delta + 1;
			if (n < MAX_SAFE) {
				prevNum = n;
				objectId = BigInt(n);
			} else {
				objectId = BigInt(this.prevNum) + BigInt(delta) + 1n;
			}
		} else {
			// A delta or a previous ID beyond 2^53: bigint arithmetic (rare).
			if (delta === MAX_SAFE) {
				r.pos = at;
				delta = -1;
			}
			const d = delta === -1 ? r.varintBig() : BigInt(delta);
			const prev = this.prevNum === -2 ? this.prevBig : this.prevNum === -1 ? undefined : BigInt(this.prevNum);
			objectId = prev === undefined ? d : prev + d + 1n;
		}
		if (prevNum === -2) {
			if (objectId > this.max) {
				throw new WireError("invalid-value", `Object ID ${objectId} exceeds the largest ID`, { offset: at });
			}
			prevBig = objectId;
		}
		const properties = this.header.hasProperties ? readProperties(r, c, this) : undefined;
		const lengthAt = r.pos;
		const length = r.varint();
		if (length > c.limits.maxObjectPayload) {
			throw new WireError("too-large", `object payload of ${length} bytes exceeds the limit`, { offset: lengthAt });
		}
		let status: ObjectStatus = ObjectStatus.NORMAL;
		if (length === 0) {
			const statusAt = r.pos;
			status = checkObjectStatus(r.varintSaturated(), c, statusAt);
			checkPropertiesAllowed(status, properties, c, statusAt);
		}
		// Complete: commit.
		if (this.prevNum === -1 && this.subgroupId === undefined) this.subgroupId = objectId;
		this.prevNum = prevNum;
		this.prevBig = prevBig;
		this.objectId = objectId;
		this.properties = properties;
		this.status = status;
		this.payloadLength = length;
	}

	/** The object whose fields were read last, with its payload. */
	make(payload: Uint8Array): MoqtObject {
		const h = this.header;
		return {
			groupId: h.groupId,
			subgroupId: this.subgroupId,
			objectId: this.objectId,
			publisherPriority: h.publisherPriority,
			forwardingPreference: ForwardingPreference.SUBGROUP,
			status: this.status,
			properties: this.properties,
			payload,
		};
	}
}

/**
 * Writes a subgroup stream: the header once, then objects in increasing Object ID order, each
 * as a delta from the previous. Only `objectId`, `status`, `properties` and `payload` of an
 * object are written; the group, subgroup and priority are the header's.
 */
export class SubgroupStreamEncoder {
	/** The header this stream was opened with. */
	readonly header: SubgroupHeader;
	private readonly c: Codec;
	private readonly type: number;
	private prev: bigint | undefined;

	/** Validates the header for the draft (throws {@link WireError} when it cannot be carried). */
	constructor(header: SubgroupHeader, draft: Draft, options?: CodecOptions) {
		this.header = header;
		this.c = codecFor(draft, options);
		this.type = subgroupHeaderType(header, this.c);
	}

	/** Writes the SUBGROUP_HEADER. */
	writeHeader(w: Writer): void {
		writeSubgroupHeader(w, this.header, this.c);
	}

	/**
	 * Writes one object. Throws {@link WireError} (leaving the writer and the encoder as they were)
	 * for an Object ID not above the previous one, properties on a stream without the PROPERTIES
	 * bit, or a status / properties / payload combination the draft forbids.
	 */
	writeObject(w: Writer, o: MoqtObject): void {
		const c = this.c;
		const status = checkObjectForEncoding(o, c);
		const prev = this.prev;
		if (prev !== undefined && o.objectId <= prev) {
			throw new WireError("invalid-value", `Object ID ${o.objectId} does not follow ${prev} on this subgroup stream`);
		}
		if (prev === undefined && this.header.subgroupIdMode === SubgroupIdMode.FIRST_OBJECT_ID) {
			const sg = this.header.subgroupId;
			if (sg !== undefined && sg !== o.objectId) {
				throw new WireError("invalid-value", `the first Object ID must be the Subgroup ID ${sg}`);
			}
		}
		const hasProperties = o.properties !== undefined && o.properties.length > 0;
		if (hasProperties && (this.type & 0x01) === 0) {
			throw new WireError("invalid-value", "properties on a subgroup stream whose header has no PROPERTIES bit");
		}
		const start = w.pos;
		w.moqtVarint = c.moqtVarint;
		try {
			w.varint(prev === undefined ? o.objectId : o.objectId - prev - 1n);
			if ((this.type & 0x01) !== 0) writeProperties(w, c, o.properties);
			w.varint(o.payload.length);
			if (o.payload.length === 0) w.varint(status);
			else w.bytes(o.payload);
		} catch (e) {
			w.pos = start;
			throw e;
		}
		this.prev = o.objectId;
	}
}
