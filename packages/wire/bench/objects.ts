/**
 * Data-plane rows: a subgroup stream of 1000 objects (100 B or 4 KiB payloads) arriving in
 * 1200-byte chunks, decoded header and objects, for this codec's DataStreamDecoder and for
 * `@moq/net`'s Group / Frame classes; plus this codec's encode rate of the same stream.
 */

import { DataStreamDecoder } from "../src/data/data-stream-decoder.js";
import type { SubgroupHeader } from "../src/data/subgroup-header.js";
import { SubgroupStreamEncoder } from "../src/data/subgroup-object.js";
import type { Draft } from "../src/version.js";
import { Writer } from "../src/writer.js";
import { measure, measureAsync } from "./harness.js";
import type { MoqNet } from "./moq-net.js";

/** Objects per stream, and the chunk size the stream arrives in. */
export const OBJECTS = 1000;
export const CHUNK = 1200;
export const SIZES = [100, 4096] as const;
export const OBJECT_DRAFTS: readonly Draft[] = [14, 19];

/** Objects per second of one case; `payloadBytesPerSecond` follows from the payload size. */
export interface ObjectRow {
	readonly draft: Draft;
	readonly size: number;
	readonly decode: number;
	readonly encode: number;
	readonly theirsDecode?: number;
	readonly note?: string;
}

const HEADER: SubgroupHeader = {
	type: "SUBGROUP_HEADER",
	trackAlias: 1n,
	groupId: 42n,
	subgroupId: 0n,
	publisherPriority: 128,
	hasProperties: false,
	endOfGroup: false,
};

function stream(draft: Draft, size: number, w: Writer): void {
	const enc = new SubgroupStreamEncoder(HEADER, draft);
	const payload = new Uint8Array(size).fill(0x5a);
	enc.writeHeader(w);
	for (let i = 0; i < OBJECTS; i++) enc.writeObject(w, { groupId: 42n, objectId: BigInt(i), payload });
}

function chunks(bytes: Uint8Array): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let i = 0; i < bytes.length; i += CHUNK) out.push(bytes.slice(i, i + CHUNK));
	return out;
}

async function theirDecode(net: MoqNet, draft: Draft, parts: readonly Uint8Array[]): Promise<number | string> {
	const version = draft === 14 ? net.versions.Version.DRAFT_14 : net.versions.Version.DRAFT_19;
	const once = async () => {
		let i = 0;
		const readable = new ReadableStream<Uint8Array>({
			pull(controller) {
				const c = parts[i++];
				if (c === undefined) controller.close();
				else controller.enqueue(c);
			},
		});
		const r = new net.stream.Reader(readable, undefined, version);
		const group = await net.object.Group.decode(r, version);
		let n = 0;
		while (!(await r.done())) {
			await net.object.Frame.decode(r, group.flags, undefined, version);
			n++;
		}
		if (n !== OBJECTS) throw new Error(`@moq/net decoded ${n} objects`);
	};
	try {
		await once();
	} catch (e) {
		return `@moq/net cannot decode the stream: ${(e as Error).message}`;
	}
	return measureAsync(once, OBJECTS);
}

/** Runs every data-plane row. */
export async function objectRows(net: MoqNet | undefined): Promise<ObjectRow[]> {
	const rows: ObjectRow[] = [];
	for (const draft of OBJECT_DRAFTS) {
		for (const size of SIZES) {
			const w = new Writer(OBJECTS * (size + 8));
			stream(draft, size, w);
			const parts = chunks(w.finish());
			const decodeOnce = () => {
				const dec = new DataStreamDecoder(draft);
				let n = 0;
				for (const p of parts) n += dec.push(p).objects.length;
				dec.end();
				if (n !== OBJECTS) throw new Error(`decoded ${n} objects`);
			};
			const decode = measure(decodeOnce, OBJECTS);
			const encode = measure(() => {
				w.reset();
				stream(draft, size, w);
			}, OBJECTS);
			const theirs = net === undefined ? "@moq/net not loaded" : await theirDecode(net, draft, parts);
			rows.push({
				draft,
				size,
				decode,
				encode,
				theirsDecode: typeof theirs === "number" ? theirs : undefined,
				note: typeof theirs === "string" ? theirs : undefined,
			});
		}
	}
	return rows;
}
