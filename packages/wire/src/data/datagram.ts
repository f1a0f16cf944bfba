/**
 * OBJECT_DATAGRAM, one object in one datagram (draft-ietf-moq-transport-14 §10.3.1, -16 §10.3.1,
 * -18 §11.3.1, -19 §11.3.1 "Object Datagram"), and the PADDING datagram (-18/-19 §11.5.2):
 *
 * ```
 * OBJECT_DATAGRAM { Type (i), Track Alias (i), Group ID (i), [Object ID (i)], [Publisher Priority (8)],
 *                   [Properties (..)], [Object Status (i)], [Object Payload (..)] }
 * PADDING DATAGRAM { Type (vi64) = 0x132B3E29, Padding Data (..) }
 * ```
 *
 * The type is a set of flags, `0b00X0XXXX`: 0x01 EXTENSIONS / PROPERTIES (a properties block
 * whose length must not be 0), 0x02 END_OF_GROUP, 0x04 ZERO_OBJECT_ID (no Object ID field: it is
 * 0), 0x08 DEFAULT_PRIORITY (-16+: no priority byte), 0x20 STATUS (an Object Status instead of a
 * payload; the payload otherwise runs to the end of the datagram).
 *
 * Valid types: -14 0x00–0x07, 0x20, 0x21; -16/-18/-19 0x00–0x0F, 0x20, 0x21, 0x24, 0x25, 0x28,
 * 0x29, 0x2C, 0x2D (STATUS with END_OF_GROUP is invalid). Anything else, properties on an object
 * whose status forbids them, or bytes after a status are a PROTOCOL_VIOLATION. The padding type
 * exists from -17; its bytes "MUST all be set to zero" but the receiver "MUST discard" them, so
 * they are not inspected.
 *
 * @module
 */

import { type Codec, type CodecOptions, codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import { Reader, SHORT } from "../reader.js";
import { ObjectStatus } from "../types.js";
import type { Draft } from "../version.js";
import { Writer } from "../writer.js";
import {
	checkObjectForEncoding,
	checkObjectStatus,
	checkPropertiesAllowed,
	EMPTY_PAYLOAD,
	ForwardingPreference,
	type MoqtObject,
} from "./object.js";
import { type NeedHint, readProperties, writeProperties } from "./properties.js";

/** The flag bits of an OBJECT_DATAGRAM type. */
export const DatagramFlag = {
	/** EXTENSIONS (-14, -16) / PROPERTIES (-18+). */
	PROPERTIES: 0x01,
	END_OF_GROUP: 0x02,
	ZERO_OBJECT_ID: 0x04,
	/** draft-16+. */
	DEFAULT_PRIORITY: 0x08,
	STATUS: 0x20,
} as const;

/** The PADDING datagram type (draft-17+). */
export const PADDING_DATAGRAM_TYPE = 0x132b3e29;

/**
 * OBJECT_DATAGRAM: an object with the Datagram forwarding preference, its track alias and its
 * End of Group flag. Decoded datagrams have `subgroupId` undefined and `forwardingPreference`
 * "datagram".
 */
export interface ObjectDatagram extends MoqtObject {
	readonly type: "OBJECT_DATAGRAM";
	readonly trackAlias: bigint;
	/** END_OF_GROUP: no object of this group has a larger Object ID. Not with a status. */
	readonly endOfGroup?: boolean;
}

/** A PADDING datagram (draft-17+); its content is discarded. */
export interface PaddingDatagram {
	readonly type: "PADDING";
}

/** What a datagram carries. */
export type Datagram = ObjectDatagram | PaddingDatagram;

/** True when `type` is an OBJECT_DATAGRAM type of the draft. */
export function isObjectDatagramType(type: number, c: Codec): boolean {
	if (c.draft === 14) return (type >= 0 && type <= 0x07) || type === 0x20 || type === 0x21;
	return type >= 0 && type < 0x30 && (type & 0x10) === 0 && (type & 0x22) !== 0x22;
}

/** Every OBJECT_DATAGRAM type of the draft, ascending. */
export function objectDatagramTypes(c: Codec): number[] {
	const out: number[] = [];
	for (let t = 0; t < 0x30; t++) if (isObjectDatagramType(t, c)) out.push(t);
	return out;
}

/** The type that encodes a datagram in its shortest form; throws when the draft cannot carry it. */
export function objectDatagramType(d: ObjectDatagram, c: Codec): number {
	const status = d.status ?? ObjectStatus.NORMAL;
	let type = 0;
	if (status !== ObjectStatus.NORMAL) {
		type |= DatagramFlag.STATUS;
		if (d.endOfGroup === true) throw new WireError("invalid-value", "a status datagram cannot signal End of Group");
	} else if (d.endOfGroup === true) {
		type |= DatagramFlag.END_OF_GROUP;
	}
	if (d.properties !== undefined && d.properties.length > 0) type |= DatagramFlag.PROPERTIES;
	// draft-14 status datagrams always carry the Object ID (0x20, 0x21).
	if (d.objectId === 0n && !(c.draft === 14 && status !== ObjectStatus.NORMAL)) type |= DatagramFlag.ZERO_OBJECT_ID;
	if (d.publisherPriority === undefined) {
		if (c.draft === 14) throw new WireError("invalid-value", "draft-14 OBJECT_DATAGRAM needs a Publisher Priority");
		type |= DatagramFlag.DEFAULT_PRIORITY;
	}
	return type;
}

/** Appends an OBJECT_DATAGRAM to a writer. On error the writer is left as it was. */
export function writeObjectDatagram(w: Writer, d: ObjectDatagram, c: Codec): void {
	const status = checkObjectForEncoding(d, c);
	const type = objectDatagramType(d, c);
	const start = w.pos;
	w.moqtVarint = c.moqtVarint;
	try {
		w.varint(type);
		w.varint(d.trackAlias);
		w.varint(d.groupId);
		if ((type & DatagramFlag.ZERO_OBJECT_ID) === 0) w.varint(d.objectId);
		if (d.publisherPriority !== undefined) w.u8(d.publisherPriority);
		if ((type & DatagramFlag.PROPERTIES) !== 0) writeProperties(w, c, d.properties);
		if ((type & DatagramFlag.STATUS) !== 0) w.varint(status);
		else w.bytes(d.payload);
	} catch (e) {
		w.pos = start;
		throw e;
	}
}

/** Encodes a datagram (an object, or PADDING with `paddingLength` zero bytes). */
export function encodeDatagram(
	d: Datagram,
	draft: Draft,
	options?: CodecOptions & { paddingLength?: number },
): Uint8Array {
	const c = codecFor(draft, options);
	const w = new Writer(64, c.moqtVarint);
	if (d.type === "PADDING") {
		if (!c.moqtVarint) throw new WireError("unsupported", `draft-${draft} has no PADDING datagram`);
		w.varint(PADDING_DATAGRAM_TYPE);
		const n = options?.paddingLength ?? 0;
		w.ensure(n);
		w.buf.fill(0, w.pos, w.pos + n);
		w.pos += n;
	} else {
		writeObjectDatagram(w, d, c);
	}
	return w.finish();
}

// Properties of a datagram are complete or malformed: it never waits for more bytes.
const NO_HINT: NeedHint = { need: 0 };

/**
 * Decodes one datagram. The payload and byte properties are views into `bytes`. Throws
 * {@link WireError} for anything malformed, an unknown type included.
 */
export function decodeDatagram(bytes: Uint8Array, draft: Draft, options?: CodecOptions): Datagram {
	const c = codecFor(draft, options);
	const r = new Reader(bytes, c.moqtVarint);
	try {
		return readDatagram(r, c);
	} catch (e) {
		if (e === SHORT) throw new WireError("malformed", "the datagram ends inside its header", { offset: r.pos });
		throw e;
	}
}

function readDatagram(r: Reader, c: Codec): Datagram {
	const type = r.varintSaturated();
	if (!isObjectDatagramType(type, c)) {
		if (c.moqtVarint && type === PADDING_DATAGRAM_TYPE) return { type: "PADDING" };
		throw new WireError("unknown-message", `unknown datagram type 0x${type.toString(16)} in draft-${c.draft}`, {
			offset: 0,
		});
	}
	const trackAlias = r.varintBig();
	const groupId = r.varintBig();
	const objectId = (type & DatagramFlag.ZERO_OBJECT_ID) === 0 ? r.varintBig() : 0n;
	const publisherPriority = (type & DatagramFlag.DEFAULT_PRIORITY) === 0 ? r.u8() : undefined;
	let properties: ReturnType<typeof readProperties>;
	if ((type & DatagramFlag.PROPERTIES) !== 0) {
		const at = r.pos;
		properties = readProperties(r, c, NO_HINT);
		if (properties === undefined) {
			throw new WireError("malformed", "the datagram's properties bit is set and its properties are empty", {
				offset: at,
			});
		}
	}
	let status: ObjectStatus = ObjectStatus.NORMAL;
	let payload = EMPTY_PAYLOAD;
	if ((type & DatagramFlag.STATUS) !== 0) {
		const at = r.pos;
		status = checkObjectStatus(r.varintSaturated(), c, at);
		checkPropertiesAllowed(status, properties, c, at);
		if (r.pos !== r.end) {
			throw new WireError("trailing-bytes", "a status datagram has bytes after its Object Status", { offset: r.pos });
		}
	} else {
		if (r.remaining > c.limits.maxObjectPayload) {
			throw new WireError("too-large", `datagram payload of ${r.remaining} bytes exceeds the limit`, {
				offset: r.pos,
			});
		}
		payload = r.bytes(r.remaining);
	}
	return {
		type: "OBJECT_DATAGRAM",
		trackAlias,
		groupId,
		subgroupId: undefined,
		objectId,
		publisherPriority,
		forwardingPreference: ForwardingPreference.DATAGRAM,
		status,
		properties,
		payload,
		endOfGroup: (type & DatagramFlag.END_OF_GROUP) !== 0,
	};
}
