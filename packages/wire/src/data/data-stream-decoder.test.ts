import { describe, expect, it, vi } from "vitest";
import { hexToBytes, toHex, toVectorJson } from "../../test/vector-json.js";
import type { CodecOptions } from "../codec.js";
import { WireError } from "../errors.js";
import { ObjectStatus } from "../types.js";
import { DRAFTS, type Draft } from "../version.js";
import { Writer } from "../writer.js";
import { DataStreamDecoder, type DataStreamItem } from "./data-stream-decoder.js";
import type { MoqtObject } from "./object.js";
import type { SubgroupHeader } from "./subgroup-header.js";
import { SubgroupObjectReader, SubgroupStreamEncoder } from "./subgroup-object.js";

const text = (s: string) => new TextEncoder().encode(s);

function decode(draft: Draft, chunks: readonly Uint8Array[], options?: CodecOptions) {
	const dec = new DataStreamDecoder(draft, options);
	const objects: DataStreamItem[] = [];
	for (const c of chunks) objects.push(...dec.push(c).objects);
	dec.end();
	return { header: dec.header, objects };
}

function caught(f: () => unknown): WireError {
	try {
		f();
	} catch (e) {
		if (e instanceof WireError) return e;
		throw e;
	}
	throw new Error("expected a WireError");
}

function encodeStream(draft: Draft, header: SubgroupHeader, objects: readonly MoqtObject[]): Uint8Array {
	const enc = new SubgroupStreamEncoder(header, draft);
	const w = new Writer(64);
	enc.writeHeader(w);
	for (const o of objects) enc.writeObject(w, o);
	return w.finish();
}

const header = (h: Partial<SubgroupHeader>): SubgroupHeader => ({
	type: "SUBGROUP_HEADER",
	trackAlias: 2n,
	groupId: 0n,
	subgroupId: 0n,
	publisherPriority: 0,
	hasProperties: false,
	endOfGroup: false,
	...h,
});

const obj = (objectId: bigint, payload: string | Uint8Array, rest: Partial<MoqtObject> = {}): MoqtObject => ({
	groupId: 0n,
	objectId,
	payload: typeof payload === "string" ? text(payload) : payload,
	...rest,
});

describe("draft examples (-14 §10.5, -16 §10.5, -18/-19 §11.6)", () => {
	// Subgroup 0 of group 0 on track alias 2 in one stream, objects 0 "abcd" and 1 "efgh".
	const first = "14 02 00 00 00" + "00 04 61626364" + "00 04 65666768";

	it.each(DRAFTS)("draft-%i: sending a subgroup on one stream", (d) => {
		const h = header({ subgroupIdMode: 2 });
		const { header: got, objects } = decode(d, [hexToBytes(first)]);
		expect(got).toEqual({ ...h, firstObject: false });
		expect(objects).toEqual([
			{ ...obj(0n, "abcd"), subgroupId: 0n, publisherPriority: 0, forwardingPreference: "subgroup", status: 0 },
			{ ...obj(1n, "efgh"), subgroupId: 0n, publisherPriority: 0, forwardingPreference: "subgroup", status: 0 },
		]);
		expect(toHex(encodeStream(d, h, [obj(0n, "abcd"), obj(1n, "efgh")]))).toBe(first.replace(/ /g, ""));
	});

	// The second example: the first object carries two extension headers / properties, type 4 =
	// 2186796243 and type 77 = "traceID:123456". The draft says Length = 21 and block length 33,
	// which only adds up for a 21-byte value; its value is 14 bytes, so the lengths here are 14
	// and 26 (QUIC varints) or 22 (vi64).
	const trace = "747261636549443a313233343536";
	const cases: [Draft, string, string][] = [
		// -14: absolute types; 0x15: explicit subgroup, extensions, priority byte.
		[14, "15 02 00 00 00", `00 1a 04 c00000008257dcd3 404d 0e ${trace} 04 61626364 00 00 04 65666768`],
		// -16: delta types (77 - 4 = 73 = 0x4049); 0x35: no priority byte.
		[16, "35 02 00 00", `00 1a 04 c00000008257dcd3 4049 0e ${trace} 04 61626364 00 00 04 65666768`],
		// -18/-19: vi64 (2186796243 is 5 bytes, 73 is 1).
		[18, "35 02 00 00", `00 16 04 f08257dcd3 49 0e ${trace} 04 61626364 00 00 04 65666768`],
		[19, "35 02 00 00", `00 16 04 f08257dcd3 49 0e ${trace} 04 61626364 00 00 04 65666768`],
	];
	it.each(cases)("draft-%i: a group with extension headers / properties", (d, head, body) => {
		const props = [
			{ type: 4n, value: 2186796243n },
			{ type: 77n, value: text("traceID:123456") },
		];
		const h = header({ subgroupIdMode: 2, hasProperties: true, publisherPriority: d === 14 ? 0 : undefined });
		const bytes = hexToBytes(head + body);
		const { header: got, objects } = decode(d, [bytes]);
		expect(got).toEqual({ ...h, firstObject: false });
		expect(objects).toHaveLength(2);
		expect(objects[0]).toMatchObject({ objectId: 0n, properties: props, payload: text("abcd") });
		expect(objects[1]).toMatchObject({ objectId: 1n, properties: undefined, payload: text("efgh") });
		expect(toHex(encodeStream(d, h, [obj(0n, "abcd", { properties: props }), obj(1n, "efgh")]))).toBe(toHex(bytes));
	});
});

// A stream exercising every object shape: properties, statuses, an empty Normal object, a gap,
// a payload longer than a chunk, and Object IDs past 2^53.
function richStream(d: Draft): { bytes: Uint8Array; objects: MoqtObject[] } {
	const h = header({ groupId: 1n << 40n, subgroupId: 7n, publisherPriority: 3, hasProperties: true });
	const big = new Uint8Array(1500).map((_, i) => i & 0xff);
	const at = { groupId: h.groupId, subgroupId: 7n, publisherPriority: 3, forwardingPreference: "subgroup" } as const;
	const objects: MoqtObject[] = [
		obj(5n, "hello", { ...at, properties: [{ type: 0x3en, value: 2n }] }),
		obj(6n, "", at),
		obj(9n, big, { ...at, properties: [{ type: 0x0bn, value: hexToBytes("0201") }] }),
		obj(10n, "", { ...at, status: ObjectStatus.END_OF_GROUP }),
		obj(2n ** 60n, "x", at),
	];
	return { bytes: encodeStream(d, h, objects), objects };
}

// The decoded stream as a string (bigints and bytes spelled out), cheap to compare many times.
const fingerprint = (r: ReturnType<typeof decode>) => JSON.stringify(toVectorJson(r));

describe("chunking", () => {
	it.each(DRAFTS)("draft-%i: every split gives the same objects", (d) => {
		const { bytes, objects } = richStream(d);
		const whole = decode(d, [bytes]);
		expect(whole.objects).toHaveLength(objects.length);
		whole.objects.forEach((o, i) => {
			expect(o).toMatchObject({ ...objects[i], status: objects[i]!.status ?? 0 });
		});
		const expected = fingerprint(whole);
		for (let i = 0; i <= bytes.length; i++) {
			expect(fingerprint(decode(d, [bytes.subarray(0, i), bytes.subarray(i)]))).toBe(expected);
		}
		expect(
			fingerprint(
				decode(
					d,
					Array.from(bytes, (b) => Uint8Array.of(b)),
				),
			),
		).toBe(expected);
		// Three-way splits: close together, and one near the start with one near the end.
		for (let i = 0; i < 60; i++) {
			for (const j of [i + 1, i + 7, bytes.length - 40 + (i % 30)]) {
				if (j <= i || j > bytes.length) continue;
				const got = decode(d, [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)]);
				expect(fingerprint(got)).toBe(expected);
			}
		}
	});

	it("keeps payloads as views of the chunk when they fit, and copies them once when they span", () => {
		const d = 19;
		const bytes = encodeStream(d, header({}), [obj(0n, "abcd"), obj(1n, "efghijkl")]);
		const dec = new DataStreamDecoder(d);
		const cut = bytes.length - 3; // inside the second payload
		const a = bytes.slice(0, cut);
		const b = bytes.slice(cut);
		const first = dec.push(a).objects as MoqtObject[];
		expect(first).toHaveLength(1);
		expect(first[0]!.payload.buffer).toBe(a.buffer);
		expect(dec.buffered).toBe(5);
		const second = dec.push(b).objects as MoqtObject[];
		expect(second[0]!.payload).toEqual(text("efghijkl"));
		expect(second[0]!.payload.buffer).not.toBe(a.buffer);
		expect(second[0]!.payload.buffer).not.toBe(b.buffer);
		dec.end();
	});

	it("keeps assembled payloads independent of each other and of the chunks", () => {
		// 200 objects of 300 bytes in 128-byte chunks: nearly every payload is assembled.
		const payloads = Array.from({ length: 200 }, (_, i) => new Uint8Array(300).fill(i));
		const bytes = encodeStream(
			18,
			header({}),
			payloads.map((p, i) => obj(BigInt(i), p)),
		);
		const chunks: Uint8Array[] = [];
		for (let i = 0; i < bytes.length; i += 128) chunks.push(bytes.slice(i, i + 128));
		const { objects } = decode(18, chunks);
		for (const c of chunks) c.fill(0xee); // the caller reuses its buffers
		expect(objects.map((o) => (o as MoqtObject).payload)).toEqual(payloads);
	});

	it("sizes a large payload's buffer by the payload, whatever the first chunk holds", () => {
		const payload = new Uint8Array(100_000).map((_, i) => i & 0xff);
		const bytes = encodeStream(16, header({}), [obj(0n, payload)]);
		const { objects } = decode(16, [bytes.subarray(0, 70_000), bytes.subarray(70_000)]);
		expect((objects[0] as MoqtObject).payload).toEqual(payload);
	});

	it("assembles payloads above 64 KiB that arrive in small chunks", () => {
		const d = 16;
		const payload = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff);
		const bytes = encodeStream(d, header({}), [obj(0n, payload), obj(1n, "z")]);
		const chunks: Uint8Array[] = [];
		for (let i = 0; i < bytes.length; i += 1200) chunks.push(bytes.slice(i, i + 1200));
		const { objects } = decode(d, chunks);
		expect((objects[0] as MoqtObject).payload).toEqual(payload);
		expect((objects[1] as MoqtObject).payload).toEqual(text("z"));
	});

	it("answers a push that completes nothing without allocating a new result", () => {
		const bytes = encodeStream(19, header({}), [obj(0n, "abcdefgh")]);
		const dec = new DataStreamDecoder(19);
		const first = dec.push(bytes.subarray(0, 5)); // the header
		expect(first.header).toMatchObject({ type: "SUBGROUP_HEADER" });
		const results = Array.from(bytes.subarray(5, bytes.length - 1), (b) => dec.push(Uint8Array.of(b)));
		for (const r of results) expect(r).toBe(first);
		expect(dec.push(bytes.subarray(bytes.length - 1)).objects).toHaveLength(1);
		dec.end();
	});

	it("does not re-parse a large properties block once per dribbled byte", () => {
		const d = 19;
		// About 60 KB of properties: 1000 pairs of 60 bytes.
		const properties = Array.from({ length: 1000 }, (_, i) => ({ type: BigInt(2 * i + 1), value: new Uint8Array(57) }));
		const bytes = encodeStream(d, header({ hasProperties: true }), [obj(0n, "p", { properties })]);
		expect(bytes.length).toBeGreaterThan(50_000);
		const spy = vi.spyOn(SubgroupObjectReader.prototype, "readHead");
		const { objects } = decode(
			d,
			Array.from(bytes, (b) => Uint8Array.of(b)),
		);
		expect((objects[0] as MoqtObject).properties).toHaveLength(1000);
		// One attempt per field boundary (delta, properties length, block, payload length), not per byte.
		expect(spy.mock.calls.length).toBeLessThan(10);
		spy.mockRestore();
	});
});

describe("object fields", () => {
	it("takes the Subgroup ID from the first object in FIRST_OBJECT_ID mode", () => {
		const bytes = encodeStream(19, header({ subgroupId: undefined }), [obj(12n, "a"), obj(13n, "b")]);
		expect(bytes[0]).toBe(0x12);
		const { header: h, objects } = decode(19, [bytes]);
		expect(h).toMatchObject({ subgroupIdMode: 1, subgroupId: undefined });
		expect(objects.map((o) => (o as MoqtObject).subgroupId)).toEqual([12n, 12n]);
	});

	it("leaves the priority undefined under DEFAULT_PRIORITY", () => {
		const { objects } = decode(16, [encodeStream(16, header({ publisherPriority: undefined }), [obj(0n, "a")])]);
		expect((objects[0] as MoqtObject).publisherPriority).toBeUndefined();
	});

	it("draft-14 carries Object Does Not Exist; later drafts reject status 1", () => {
		const h14 = hexToBytes("14 02 00 00 00 03 00 01");
		expect(decode(14, [h14]).objects[0]).toMatchObject({ objectId: 3n, status: ObjectStatus.DOES_NOT_EXIST });
		for (const d of [16, 18, 19] as const) {
			expect(caught(() => decode(d, [hexToBytes("14 02 00 00 00 03 00 01")])).code).toBe("invalid-value");
		}
		for (const d of DRAFTS) {
			// Status 2 is not defined anywhere; a huge status neither.
			expect(caught(() => decode(d, [hexToBytes("14 02 00 00 00 03 00 02")])).code).toBe("invalid-value");
		}
	});

	it("rejects properties on objects whose status forbids them", () => {
		// 0x15: explicit subgroup with extensions. Object 0: 2-byte block {type 2 = 1}, length 0, status.
		const stream = (status: number) => hexToBytes(`15 02 00 00 00 00 02 02 01 00 0${status}`);
		// draft-14: End of Group may carry extensions, Does Not Exist may not.
		expect(decode(14, [stream(3)]).objects[0]).toMatchObject({ status: 3, properties: [{ type: 2n, value: 1n }] });
		expect(caught(() => decode(14, [stream(1)])).code).toBe("malformed");
		// -16+: only Normal objects carry properties.
		for (const d of [16, 18, 19] as const) {
			expect(caught(() => decode(d, [stream(3)])).code).toBe("malformed");
			expect(caught(() => decode(d, [stream(4)])).code).toBe("malformed");
			expect(decode(d, [stream(0)]).objects[0]).toMatchObject({ status: 0, properties: [{ type: 2n, value: 1n }] });
		}
	});

	it("rejects a key-value pair that runs past its properties block", () => {
		// Block of 2 bytes holding an odd type whose length (5) runs past it.
		const e = caught(() => decode(19, [hexToBytes("15 02 00 00 00 00 02 01 05 00 00 00 00 00 01 61")]));
		expect(e.code).toBe("malformed");
		expect(e.terminationCode).toBe(0x6);
	});

	it("closes on an Object ID past the largest the draft can carry", () => {
		// -19: 2^64-1 then delta 0 → 2^64.
		const max19 = `ff${"ff".repeat(8)}`;
		expect(decode(19, [hexToBytes(`14 02 00 00 00 ${max19} 01 61`)]).objects[0]).toMatchObject({
			objectId: 2n ** 64n - 1n,
		});
		expect(caught(() => decode(19, [hexToBytes(`14 02 00 00 00 ${max19} 01 61 00 01 62`)])).code).toBe("invalid-value");
		// -14: 2^62-1 then delta 0 → 2^62.
		const max14 = "ffffffffffffffff";
		expect(caught(() => decode(14, [hexToBytes(`14 02 00 00 00 ${max14} 01 61 00 01 62`)])).code).toBe("invalid-value");
		// A delta whose sum with a safe previous ID passes 2^53 is still exact.
		const { objects } = decode(16, [hexToBytes(`14 02 00 00 00 c01fffffffffffff 01 61 c01fffffffffffff 01 62`)]);
		expect(objects.map((o) => (o as MoqtObject).objectId)).toEqual([2n ** 53n - 1n, 2n ** 54n - 1n]);
	});
});

describe("limits", () => {
	it("rejects a payload past maxObjectPayload before buffering it", () => {
		const bytes = hexToBytes("14 02 00 00 00 00 4400"); // object 0, payload length 1024
		const e = caught(() => decode(16, [bytes], { limits: { maxObjectPayload: 1000 } }));
		expect(e.code).toBe("too-large");
		expect(e.offset).toBe(6);
		expect(
			decode(16, [hexToBytes("14 02 00 00 00 00 4004"), new Uint8Array(4)], { limits: { maxObjectPayload: 4 } })
				.objects,
		).toHaveLength(1);
	});

	it("rejects a properties block past maxPropertiesBytes", () => {
		const bytes = hexToBytes("15 02 00 00 00 00 4100");
		expect(caught(() => decode(16, [bytes], { limits: { maxPropertiesBytes: 255 } })).code).toBe("too-large");
	});
});

describe("end of stream", () => {
	const { bytes } = richStream(18);

	it("reports a FIN inside the header, an object head or a payload", () => {
		for (const cut of [1, 3, 7, 8, bytes.length - 1]) {
			const dec = new DataStreamDecoder(18);
			dec.push(bytes.subarray(0, cut));
			const e = caught(() => dec.end());
			expect(e.code).toBe("malformed");
			expect(caught(() => dec.push(Uint8Array.of(0)))).toBe(e);
		}
	});

	it("accepts a FIN at an object boundary, and an empty stream", () => {
		expect(decode(18, [bytes]).objects).toHaveLength(5);
		expect(decode(18, []).header).toBeUndefined();
		const dec = new DataStreamDecoder(18);
		dec.push(bytes);
		dec.end();
		expect(caught(() => dec.push(Uint8Array.of(0))).code).toBe("malformed");
	});
});

describe("stream kinds", () => {
	it("discards padding streams from draft-17", () => {
		for (const d of [18, 19] as const) {
			const dec = new DataStreamDecoder(d);
			// 0x132B3E28 needs the 5-byte vi64 form (it is above 2^28).
			expect(dec.push(hexToBytes("f0132b3e28 00 00")).header).toEqual({ type: "PADDING" });
			expect(dec.push(new Uint8Array(5000)).objects).toEqual([]);
			dec.end();
		}
		// In -16 the same bytes start an 8-byte QUIC varint: an unknown type.
		expect(caught(() => decode(16, [hexToBytes("f0132b3e28 000000 00")])).code).toBe("unknown-message");
	});

	it("is not a control stream decoder", () => {
		expect(caught(() => decode(19, [hexToBytes("af00 0000")])).code).toBe("unknown-message");
	});

	it("gives error offsets from the start of the stream, however it is split", () => {
		// Object 1 has the undefined status 2, at stream offset 10.
		const bytes = hexToBytes("14 02 00 00 00  00 01 61  00 00 02");
		for (let cut = 0; cut <= bytes.length; cut++) {
			const e = caught(() => decode(16, [bytes.subarray(0, cut), bytes.subarray(cut)]));
			expect(e.code).toBe("invalid-value");
			expect(e.offset, `cut at ${cut}`).toBe(10);
		}
	});

	it("throws the first error again on every later call", () => {
		const dec = new DataStreamDecoder(14);
		const e = caught(() => dec.push(Uint8Array.of(0x17)));
		expect(caught(() => dec.push(Uint8Array.of(0x10)))).toBe(e);
		expect(caught(() => dec.end())).toBe(e);
	});
});
