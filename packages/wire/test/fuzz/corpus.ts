/**
 * Seed inputs for the fuzzer and the robustness property test: every golden vector (accept and
 * reject, control and data plane) of each draft, plus data streams and datagrams built with the
 * encoders so that every SUBGROUP_HEADER and OBJECT_DATAGRAM type and every fetch
 * Serialization Flags feature is represented.
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { codecFor } from "../../src/codec.js";
import { encodeDatagram, type ObjectDatagram, objectDatagramTypes } from "../../src/data/datagram.js";
import { type FetchItem, FetchStreamEncoder } from "../../src/data/fetch.js";
import type { MoqtObject } from "../../src/data/object.js";
import { type SubgroupHeader, subgroupHeaderTypes } from "../../src/data/subgroup-header.js";
import { SubgroupStreamEncoder } from "../../src/data/subgroup-object.js";
import { GroupOrder, ObjectStatus } from "../../src/types.js";
import { DRAFTS, type Draft } from "../../src/version.js";
import { Writer } from "../../src/writer.js";
import { hexToBytes } from "../vector-json.js";

/** Seeds per input kind, per draft. */
export interface Corpus {
	readonly control: Uint8Array[];
	readonly stream: Uint8Array[];
	readonly datagram: Uint8Array[];
}

const VECTORS = join(import.meta.dirname, "..", "vectors");

function* files(dir: string): Generator<string> {
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) yield* files(p);
		else if (name.endsWith(".json") && name !== "manifest.json") yield p;
	}
}

function vectors(draft: Draft, corpus: Corpus): void {
	let dir: string;
	try {
		dir = join(VECTORS, String(draft));
		statSync(dir);
	} catch {
		return;
	}
	for (const f of files(dir)) {
		const v = JSON.parse(readFileSync(f, "utf8")) as { hex: string; kind?: string };
		const bytes = hexToBytes(v.hex);
		const kind = v.kind ?? "control";
		if (kind === "control") corpus.control.push(bytes);
		else if (kind === "datagram") corpus.datagram.push(bytes);
		else corpus.stream.push(bytes);
	}
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

function objects(draft: Draft, withProperties: boolean): MoqtObject[] {
	const props = withProperties
		? [
				{ type: 0x0bn, value: Uint8Array.of(0x04, 0x07) },
				{ type: 0x3en, value: 1n },
			]
		: undefined;
	return [
		{ groupId: 0n, objectId: 0n, payload: bytes(3, 1), properties: props },
		{ groupId: 0n, objectId: 1n, payload: bytes(0, 0) },
		{ groupId: 0n, objectId: 5n, payload: bytes(70, 2) },
		{
			groupId: 0n,
			objectId: 6n,
			payload: new Uint8Array(0),
			status: draft === 14 ? ObjectStatus.DOES_NOT_EXIST : ObjectStatus.END_OF_TRACK,
		},
	];
}

function streams(draft: Draft, corpus: Corpus): void {
	const c = codecFor(draft);
	for (const type of subgroupHeaderTypes(c)) {
		const mode = (type >> 1) & 3;
		const header: SubgroupHeader = {
			type: "SUBGROUP_HEADER",
			trackAlias: 5n,
			groupId: 1000n,
			subgroupIdMode: mode as 0 | 1 | 2,
			subgroupId: mode === 2 ? 300n : mode === 0 ? 0n : undefined,
			publisherPriority: (type & 0x20) !== 0 ? undefined : 10,
			hasProperties: (type & 0x01) !== 0,
			endOfGroup: (type & 0x08) !== 0,
			firstObject: (type & 0x40) !== 0,
		};
		const enc = new SubgroupStreamEncoder(header, draft);
		const w = new Writer(64);
		enc.writeHeader(w);
		for (const o of objects(draft, header.hasProperties)) enc.writeObject(w, o);
		corpus.stream.push(w.finish());
	}
	const items: FetchItem[] = [
		{ groupId: 5n, subgroupId: 0n, objectId: 0n, publisherPriority: 1, payload: bytes(4, 3) },
		{ groupId: 5n, subgroupId: 1n, objectId: 1n, publisherPriority: 1, payload: bytes(0, 0) },
		{
			groupId: 6n,
			subgroupId: 1n,
			objectId: 9n,
			publisherPriority: 2,
			payload: bytes(2, 4),
			properties: [{ type: 2n, value: 1n }],
		},
		{ groupId: 6n, objectId: 10n, publisherPriority: 2, forwardingPreference: "datagram", payload: bytes(1, 5) },
	];
	if (draft !== 14) items.push({ endOfRange: "unknown", groupId: 8n, objectId: 2n });
	items.push({ groupId: 9n, subgroupId: 7n, objectId: 0n, publisherPriority: 3, payload: bytes(3, 6) });
	const enc = new FetchStreamEncoder(draft, { groupOrder: GroupOrder.ASCENDING });
	const w = new Writer(64);
	enc.writeHeader(w, { type: "FETCH_HEADER", requestId: 11n });
	for (const item of items) enc.write(w, item);
	corpus.stream.push(w.finish());
	if (c.moqtVarint) corpus.stream.push(hexToBytes("f0132b3e28 0000"));
}

function datagrams(draft: Draft, corpus: Corpus): void {
	for (const type of objectDatagramTypes(codecFor(draft))) {
		const status = (type & 0x20) !== 0;
		const d: ObjectDatagram = {
			type: "OBJECT_DATAGRAM",
			trackAlias: 2n,
			groupId: 70n,
			objectId: (type & 0x04) !== 0 ? 0n : 9n,
			publisherPriority: (type & 0x08) !== 0 ? undefined : 4,
			status: status && (type & 0x01) === 0 ? ObjectStatus.END_OF_GROUP : ObjectStatus.NORMAL,
			properties: (type & 0x01) !== 0 ? [{ type: 4n, value: 300n }] : undefined,
			payload: status ? new Uint8Array(0) : bytes(12, type),
			endOfGroup: (type & 0x02) !== 0,
		};
		corpus.datagram.push(encodeDatagram(d, draft));
	}
	if (codecFor(draft).moqtVarint)
		corpus.datagram.push(encodeDatagram({ type: "PADDING" }, draft, { paddingLength: 4 }));
}

/** The corpus of a draft. */
export function corpusFor(draft: Draft): Corpus {
	const corpus: Corpus = { control: [], stream: [], datagram: [] };
	vectors(draft, corpus);
	streams(draft, corpus);
	datagrams(draft, corpus);
	return corpus;
}

/** Every draft's corpus. */
export function corpora(): Map<Draft, Corpus> {
	return new Map(DRAFTS.map((d) => [d, corpusFor(d)]));
}
