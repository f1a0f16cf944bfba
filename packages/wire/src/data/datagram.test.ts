import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../../test/vector-json.js";
import { codecFor } from "../codec.js";
import { WireError } from "../errors.js";
import { ObjectStatus } from "../types.js";
import { DRAFTS, type Draft } from "../version.js";
import { Writer } from "../writer.js";
import {
	type Datagram,
	decodeDatagram,
	encodeDatagram,
	isObjectDatagramType,
	type ObjectDatagram,
	objectDatagramTypes,
} from "./datagram.js";

function caught(f: () => unknown): WireError {
	try {
		f();
	} catch (e) {
		if (e instanceof WireError) return e;
		throw e;
	}
	throw new Error("expected a WireError");
}

// The valid sets as each draft lists them (-14 §10.3.1, -16 §10.3.1, -18/-19 §11.3.1).
const VALID14 = [0, 1, 2, 3, 4, 5, 6, 7, 0x20, 0x21];
const VALID16 = [...Array.from({ length: 16 }, (_, i) => i), 0x20, 0x21, 0x24, 0x25, 0x28, 0x29, 0x2c, 0x2d];

// Builds a datagram of a given type field by field from the layout, without the encoder.
function build(d: Draft, type: number, status: number): Uint8Array {
	const w = new Writer(32, codecFor(d).moqtVarint);
	w.varint(type);
	w.varint(3); // Track Alias
	w.varint(500); // Group ID
	if ((type & 0x04) === 0) w.varint(77); // Object ID
	if ((type & 0x08) === 0) w.u8(9); // Publisher Priority
	if ((type & 0x01) !== 0) w.bytes(Uint8Array.of(2, 0x02, 0x05)); // properties: length 2, {type 2 = 5}
	if ((type & 0x20) !== 0) w.varint(status);
	else w.bytes(Uint8Array.of(0xaa, 0xbb));
	return w.finish();
}

describe("OBJECT_DATAGRAM types", () => {
	it.each(DRAFTS)("draft-%i accepts exactly the listed types", (d) => {
		const valid = d === 14 ? VALID14 : VALID16;
		expect(objectDatagramTypes(codecFor(d))).toEqual(valid);
		for (let t = 0; t < 0x100; t++) expect(isObjectDatagramType(t, codecFor(d))).toBe(valid.includes(t));
	});

	it.each(DRAFTS)("draft-%i: every type decodes to its fields and re-encodes", (d) => {
		for (const type of d === 14 ? VALID14 : VALID16) {
			const statusType = (type & 0x20) !== 0;
			// A status datagram with properties must be Normal from -16 (properties only on Normal).
			const status = !statusType ? 0 : (type & 0x01) !== 0 && d !== 14 ? 0 : ObjectStatus.END_OF_TRACK;
			const bytes = build(d, type, status);
			const got = decodeDatagram(bytes, d) as ObjectDatagram;
			const expected: ObjectDatagram = {
				type: "OBJECT_DATAGRAM",
				trackAlias: 3n,
				groupId: 500n,
				subgroupId: undefined,
				objectId: (type & 0x04) !== 0 ? 0n : 77n,
				publisherPriority: (type & 0x08) !== 0 ? undefined : 9,
				forwardingPreference: "datagram",
				status,
				properties: (type & 0x01) !== 0 ? [{ type: 2n, value: 5n }] : undefined,
				payload: statusType ? new Uint8Array(0) : Uint8Array.of(0xaa, 0xbb),
				endOfGroup: (type & 0x02) !== 0,
			};
			expect(got, `type 0x${type.toString(16)}`).toEqual(expected);
			const again = encodeDatagram(got, d);
			expect(decodeDatagram(again, d)).toEqual(expected);
			// The encoder picks the same type unless the datagram has a shorter form: a Normal status
			// goes as an empty payload.
			if (!statusType || status !== 0) expect(toHex(again)).toBe(toHex(bytes));
			else expect(again[0]).toBe(type & ~0x20);
		}
	});

	it.each(DRAFTS)("draft-%i rejects every other type", (d) => {
		const valid = d === 14 ? VALID14 : VALID16;
		for (let t = 0; t < 0x40; t++) {
			if (valid.includes(t)) continue;
			expect(caught(() => decodeDatagram(Uint8Array.of(t, 1, 2, 3, 4, 5), d)).code).toBe("unknown-message");
		}
	});
});

describe("OBJECT_DATAGRAM rules", () => {
	it("hand-worked bytes: draft-14 payload datagram and draft-19 default-priority status datagram", () => {
		// -14 0x00: alias 1, group 2, object 3, priority 0x80, payload "hi".
		const d14: Datagram = {
			type: "OBJECT_DATAGRAM",
			trackAlias: 1n,
			groupId: 2n,
			objectId: 3n,
			publisherPriority: 0x80,
			payload: new TextEncoder().encode("hi"),
		};
		expect(toHex(encodeDatagram(d14, 14))).toBe("000102038068" + "69");
		// -19 0x2C: STATUS | DEFAULT_PRIORITY | ZERO_OBJECT_ID, group 200 (vi64 80c8), End of Track.
		const d19: Datagram = {
			type: "OBJECT_DATAGRAM",
			trackAlias: 1n,
			groupId: 200n,
			objectId: 0n,
			status: ObjectStatus.END_OF_TRACK,
			payload: new Uint8Array(0),
		};
		expect(toHex(encodeDatagram(d19, 19))).toBe("2c0180c804");
		expect(decodeDatagram(hexToBytes("2c0180c804"), 19)).toMatchObject({ groupId: 200n, objectId: 0n, status: 4 });
	});

	it("rejects a properties bit with an empty properties block", () => {
		for (const d of DRAFTS)
			expect(caught(() => decodeDatagram(hexToBytes("01 01 02 03 09 00 aa"), d)).code).toBe("malformed");
	});

	it("rejects properties on a status the draft forbids", () => {
		// 0x21: status with properties, {type 2 = 5}, then the status.
		const bytes = (s: number) => hexToBytes(`21 01 02 03 09 02 0205 0${s}`);
		expect(decodeDatagram(bytes(3), 14)).toMatchObject({ status: 3 });
		expect(caught(() => decodeDatagram(bytes(1), 14)).code).toBe("malformed");
		for (const d of [16, 18, 19] as const) expect(caught(() => decodeDatagram(bytes(3), d)).code).toBe("malformed");
	});

	it("rejects bytes after a status, an unknown status and truncation", () => {
		expect(caught(() => decodeDatagram(hexToBytes("20 01 02 03 09 03 ff"), 16)).code).toBe("trailing-bytes");
		expect(caught(() => decodeDatagram(hexToBytes("20 01 02 03 09 02"), 16)).code).toBe("invalid-value");
		expect(caught(() => decodeDatagram(hexToBytes("20 01 02 03 09 01"), 16)).code).toBe("invalid-value");
		expect(decodeDatagram(hexToBytes("20 01 02 03 09 01"), 14)).toMatchObject({ status: 1 });
		expect(caught(() => decodeDatagram(hexToBytes("00 01 02 03"), 19)).code).toBe("malformed");
		expect(caught(() => decodeDatagram(new Uint8Array(0), 19)).code).toBe("malformed");
	});

	it("applies the payload limit", () => {
		const bytes = encodeDatagram(
			{ type: "OBJECT_DATAGRAM", trackAlias: 1n, groupId: 1n, objectId: 1n, payload: new Uint8Array(100) },
			19,
		);
		expect(caught(() => decodeDatagram(bytes, 19, { limits: { maxObjectPayload: 99 } })).code).toBe("too-large");
		expect(decodeDatagram(bytes, 19, { limits: { maxObjectPayload: 100 } })).toMatchObject({ objectId: 1n });
		const d = decodeDatagram(bytes, 19) as ObjectDatagram;
		expect(caught(() => encodeDatagram(d, 19, { limits: { maxObjectPayload: 99 } })).code).toBe("too-large");
	});

	it("refuses to encode what the draft cannot carry", () => {
		const base: ObjectDatagram = {
			type: "OBJECT_DATAGRAM",
			trackAlias: 1n,
			groupId: 1n,
			objectId: 1n,
			payload: new Uint8Array(0),
		};
		expect(caught(() => encodeDatagram(base, 14)).code).toBe("invalid-value"); // no priority in -14
		expect(caught(() => encodeDatagram({ ...base, status: 3, endOfGroup: true }, 19)).code).toBe("invalid-value");
		expect(caught(() => encodeDatagram({ ...base, status: 1 }, 16)).code).toBe("unsupported");
		expect(caught(() => encodeDatagram({ ...base, status: 3, payload: Uint8Array.of(1) }, 19)).code).toBe(
			"invalid-value",
		);
		expect(caught(() => encodeDatagram({ ...base, status: 3, properties: [{ type: 2n, value: 1n }] }, 19)).code).toBe(
			"invalid-value",
		);
		// -14 status datagrams have no zero-Object-ID form: 0x20 carries the 0.
		expect(toHex(encodeDatagram({ ...base, objectId: 0n, publisherPriority: 1, status: 3 }, 14))).toBe("200101000103");
	});
});

describe("PADDING datagrams", () => {
	it("are recognised and discarded from draft-17", () => {
		for (const d of [18, 19] as const) {
			const bytes = encodeDatagram({ type: "PADDING" }, d, { paddingLength: 10 });
			expect(toHex(bytes)).toBe(`f0132b3e29${"00".repeat(10)}`);
			expect(decodeDatagram(bytes, d)).toEqual({ type: "PADDING" });
		}
		expect(caught(() => encodeDatagram({ type: "PADDING" }, 16)).code).toBe("unsupported");
		expect(caught(() => decodeDatagram(hexToBytes("f0132b3e29 000000 00"), 16)).code).toBe("unknown-message");
	});
});
