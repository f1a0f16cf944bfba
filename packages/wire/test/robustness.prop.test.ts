/**
 * Property tests of every decoder (control messages, data streams, datagrams) in every draft:
 *
 * - robustness: random bytes and mutations of valid encodings (golden vectors and encoder output,
 *   test/fuzz/corpus.ts) either decode or fail with a WireError, never anything else (the fuzzer,
 *   test/fuzz/run.ts, does the same a million times per decoder);
 * - round trips: arbitrary subgroup streams, fetch streams and datagrams encode and decode back
 *   to the same objects, whatever the chunking.
 */

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { DataStreamDecoder, type DataStreamItem } from "../src/data/data-stream-decoder.js";
import { decodeDatagram, encodeDatagram, type ObjectDatagram } from "../src/data/datagram.js";
import { type FetchItem, FetchStreamEncoder } from "../src/data/fetch.js";
import type { MoqtObject } from "../src/data/object.js";
import type { SubgroupHeader } from "../src/data/subgroup-header.js";
import { SubgroupStreamEncoder } from "../src/data/subgroup-object.js";
import { GroupOrder, type KeyValuePair, ObjectStatus } from "../src/types.js";
import { DRAFTS, type Draft } from "../src/version.js";
import { Writer } from "../src/writer.js";
import { corpusFor } from "./fuzz/corpus.js";
import { Rng } from "./fuzz/mutate.js";
import { runTarget, TARGETS } from "./fuzz/targets.js";

const RUNS = 1500;

// A mutation fast-check can shrink: edits (set, insert, delete, truncate) at positions.
const edits = fc.array(fc.tuple(fc.nat(3), fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 5 });
function applyEdits(seed: Uint8Array, list: readonly [number, number, number][]): Uint8Array {
	const b = Array.from(seed);
	for (const [op, pos, byte] of list) {
		const at = b.length === 0 ? 0 : pos % (b.length + 1);
		if (op === 0 && b.length > 0) b[at % b.length] = byte;
		else if (op === 1) b.splice(at, 0, byte);
		else if (op === 2) b.splice(at, 1);
		else b.length = at;
	}
	return Uint8Array.from(b);
}

describe.each(DRAFTS)("draft-%i decoders only ever throw WireError", (draft) => {
	const corpus = corpusFor(draft);
	for (const target of TARGETS) {
		const seeds = target === "control" ? corpus.control : target === "stream" ? corpus.stream : corpus.datagram;

		test.prop([fc.uint8Array({ maxLength: 128 }), fc.integer()], { numRuns: RUNS })(
			`${target}: random bytes`,
			(bytes, seed) => {
				runTarget(target, draft, bytes, new Rng(seed));
			},
		);

		test.prop([fc.constantFrom(...seeds), edits, fc.integer()], { numRuns: RUNS })(
			`${target}: mutated valid encodings`,
			(seed, list, rngSeed) => {
				runTarget(target, draft, applyEdits(seed, list), new Rng(rngSeed));
			},
		);
	}
});

// Arbitrary objects the codec can carry, per draft.

const id = fc.bigInt({ min: 0n, max: (1n << 40n) - 1n });
const payload = fc.uint8Array({ minLength: 1, maxLength: 40 });
// Properties in type order (the order delta-typed drafts put them in), types kept small.
const properties = fc
	.array(
		fc.oneof(
			fc.record({ type: fc.bigInt({ min: 0n, max: 150n }).map((t) => t * 2n), value: id }),
			fc.record({
				type: fc.bigInt({ min: 0n, max: 150n }).map((t) => t * 2n + 1n),
				value: fc.uint8Array({ maxLength: 12 }),
			}),
		) as fc.Arbitrary<KeyValuePair>,
		{ minLength: 1, maxLength: 4 },
	)
	.map((ps) => [...ps].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)));

function statuses(draft: Draft): ObjectStatus[] {
	return draft === 14
		? [ObjectStatus.DOES_NOT_EXIST, ObjectStatus.END_OF_GROUP, ObjectStatus.END_OF_TRACK]
		: [ObjectStatus.END_OF_GROUP, ObjectStatus.END_OF_TRACK];
}

// A Normal object with a payload (and maybe properties), or an empty one with another status.
function objectBody(draft: Draft, withProperties: boolean) {
	return fc.oneof(
		fc.record({
			status: fc.constant(ObjectStatus.NORMAL),
			payload,
			properties: withProperties ? fc.option(properties, { nil: undefined }) : fc.constant(undefined),
		}),
		fc.record({
			status: fc.constantFrom(...statuses(draft)),
			payload: fc.constant(new Uint8Array(0)),
			properties: fc.constant(undefined),
		}),
	);
}

function chunked(draft: Draft, bytes: Uint8Array, cuts: readonly number[], groupOrder?: GroupOrder) {
	const dec = new DataStreamDecoder(draft, { groupOrder });
	const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const items: DataStreamItem[] = [];
	let at = 0;
	for (const p of [...points, bytes.length]) {
		items.push(...dec.push(bytes.subarray(at, p)).objects);
		at = p;
	}
	dec.end();
	return { header: dec.header, items };
}

const cuts = fc.array(fc.nat(), { maxLength: 6 });

describe.each(DRAFTS)("draft-%i round trips", (draft) => {
	const header = fc.record({
		trackAlias: id,
		groupId: id,
		mode: fc.constantFrom(0, 1, 2),
		explicit: id,
		priority:
			draft === 14 ? fc.integer({ min: 0, max: 255 }) : fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
		hasProperties: fc.boolean(),
		endOfGroup: fc.boolean(),
		firstObject: draft >= 17 ? fc.boolean() : fc.constant(false),
	});
	const stream = header.chain((h) =>
		fc.record({
			h: fc.constant(h),
			first: id,
			objects: fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 1000n }), objectBody(draft, h.hasProperties)), {
				maxLength: 12,
			}),
		}),
	);

	test.prop([stream, cuts], { numRuns: 400 })("subgroup streams, in any chunking", ({ h, first, objects }, at) => {
		const sh: SubgroupHeader = {
			type: "SUBGROUP_HEADER",
			trackAlias: h.trackAlias,
			groupId: h.groupId,
			subgroupIdMode: h.mode as 0 | 1 | 2,
			subgroupId: h.mode === 0 ? 0n : h.mode === 2 ? h.explicit : undefined,
			publisherPriority: h.priority,
			hasProperties: h.hasProperties,
			endOfGroup: h.endOfGroup,
			firstObject: h.firstObject,
		};
		let objectId = first - 1n;
		const sent: MoqtObject[] = objects.map(([gap, body], i) => {
			objectId = i === 0 ? first : objectId + gap + 1n;
			return { groupId: h.groupId, objectId, ...body };
		});
		const enc = new SubgroupStreamEncoder(sh, draft);
		const w = new Writer(16);
		enc.writeHeader(w);
		for (const o of sent) enc.writeObject(w, o);
		const got = chunked(draft, w.finish(), at);
		expect(got.header).toEqual({ ...sh, firstObject: h.firstObject });
		const subgroupId = sh.subgroupId ?? sent[0]?.objectId;
		expect(got.items).toEqual(
			sent.map((o) => ({
				...o,
				subgroupId,
				publisherPriority: h.priority,
				forwardingPreference: "subgroup",
			})),
		);
	});

	const datagram = fc
		.record({
			trackAlias: id,
			groupId: id,
			objectId: fc.oneof(fc.constant(0n), id),
			publisherPriority:
				draft === 14
					? fc.integer({ min: 0, max: 255 })
					: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
			body: objectBody(draft, true),
			endOfGroup: fc.boolean(),
		})
		.map(
			({ body, endOfGroup, ...rest }): ObjectDatagram => ({
				type: "OBJECT_DATAGRAM",
				...rest,
				...body,
				endOfGroup: body.status === ObjectStatus.NORMAL && endOfGroup,
			}),
		);

	test.prop([datagram], { numRuns: 500 })("datagrams", (d) => {
		expect(decodeDatagram(encodeDatagram(d, draft), draft)).toEqual({
			...d,
			subgroupId: undefined,
			forwardingPreference: "datagram",
		});
	});
});

// Fetch streams of -16+: groups in the fetch's order, each with ascending objects; some groups
// are End of Range markers instead.
const fetchGroup = fc.record({
	marker: fc.option(fc.constantFrom("non-existent" as const, "unknown" as const), { nil: undefined, freq: 4 }),
	objects: fc.array(
		fc.record({
			gap: fc.bigInt({ min: 0n, max: 20n }),
			subgroup: fc.option(fc.bigInt({ min: 0n, max: 3n }), { nil: undefined }),
			priority: fc.integer({ min: 0, max: 3 }),
			payload: fc.uint8Array({ maxLength: 20 }),
			properties: fc.option(properties, { nil: undefined }),
		}),
		{ minLength: 1, maxLength: 4 },
	),
});
const fetchStream = fc.record({
	descending: fc.boolean(),
	groups: fc.uniqueArray(fc.bigInt({ min: 0n, max: 200n }), { maxLength: 6 }),
	bodies: fc.array(fetchGroup, { minLength: 6, maxLength: 6 }),
});

// draft-14 fetch objects carry every field and are covered by src/data/fetch.test.ts.
describe.each([16, 18, 19] as const)("draft-%i fetch round trips", (draft) => {
	test.prop([fetchStream, cuts], { numRuns: 400 })("fetch streams, in any chunking", (f, at) => {
		const order = f.descending ? GroupOrder.DESCENDING : GroupOrder.ASCENDING;
		const groups = [...f.groups].sort((a, b) => (a < b ? -1 : 1));
		if (f.descending) groups.reverse();
		const items: FetchItem[] = [];
		groups.forEach((groupId, i) => {
			const body = f.bodies[i]!;
			let objectId = -1n;
			for (const o of body.objects) {
				objectId += o.gap + 1n;
				if (body.marker !== undefined) continue;
				items.push({
					groupId,
					subgroupId: o.subgroup,
					objectId,
					publisherPriority: o.priority,
					forwardingPreference: o.subgroup === undefined ? "datagram" : "subgroup",
					status: ObjectStatus.NORMAL,
					properties: o.properties,
					payload: o.payload,
				});
			}
			if (body.marker !== undefined) items.push({ endOfRange: body.marker, groupId, objectId });
		});
		const enc = new FetchStreamEncoder(draft, { groupOrder: order });
		const w = new Writer(16);
		enc.writeHeader(w, { type: "FETCH_HEADER", requestId: 3n });
		for (const item of items) enc.write(w, item);
		const got = chunked(draft, w.finish(), at, order);
		expect(got.header).toEqual({ type: "FETCH_HEADER", requestId: 3n });
		expect(got.items).toEqual(items);
	});
});
