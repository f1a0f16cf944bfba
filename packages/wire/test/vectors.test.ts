/**
 * Runs every golden vector under test/vectors/<draft>/ in both directions (see its README).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeControlMessage, encodeControlMessage } from "../src/control.js";
import { DataStreamDecoder, type DataStreamItem } from "../src/data/data-stream-decoder.js";
import { type Datagram, decodeDatagram, encodeDatagram } from "../src/data/datagram.js";
import { type FetchHeader, FetchStreamEncoder } from "../src/data/fetch.js";
import type { MoqtObject } from "../src/data/object.js";
import type { SubgroupHeader } from "../src/data/subgroup-header.js";
import { SubgroupStreamEncoder } from "../src/data/subgroup-object.js";
import { WireError } from "../src/errors.js";
import type { ControlMessage } from "../src/messages/index.js";
import type { GroupOrder } from "../src/types.js";
import { type Draft, isSupportedDraft } from "../src/version.js";
import { Writer } from "../src/writer.js";
import { fromVectorJson, hexToBytes, toHex } from "./vector-json.js";

interface Vector {
	readonly description: string;
	readonly hex: string;
	readonly kind?: "control" | "subgroup" | "fetch" | "datagram";
	readonly message?: unknown;
	readonly error?: string;
	readonly nonCanonical?: boolean;
	/** Fetch streams of -17+: the fetch's group order, which Group ID Deltas depend on. */
	readonly groupOrder?: GroupOrder;
}

const root = join(import.meta.dirname, "vectors");

function* walk(dir: string): Generator<string> {
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) yield* walk(p);
		else if (name.endsWith(".json") && name !== "manifest.json") yield p;
	}
}

const drafts = readdirSync(root).filter((d) => /^\d+$/.test(d) && isSupportedDraft(Number(d)));

describe.each(drafts)("draft-%s golden vectors", (d) => {
	const draft = Number(d) as Draft;
	const files = [...walk(join(root, d))];
	it("has vectors", () => expect(files.length).toBeGreaterThan(0));
	for (const file of files) {
		const v = JSON.parse(readFileSync(file, "utf8")) as Vector;
		if ((v.kind ?? "control") !== "control") {
			it(file.slice(root.length + 1), () => checkDataVector(v, draft));
			continue;
		}
		it(file.slice(root.length + 1), () => {
			const bytes = hexToBytes(v.hex);
			const result = decodeControlMessage(bytes, draft);
			if (v.error !== undefined) {
				expect(result.kind).toBe("error");
				if (result.kind === "error") expect(result.error.code).toBe(v.error);
				return;
			}
			const message = fromVectorJson(v.message) as ControlMessage;
			expect(result).toEqual({ kind: "ok", message, consumed: bytes.length });
			if (v.nonCanonical !== true) expect(toHex(encodeControlMessage(message, draft))).toBe(toHex(bytes));
		});
	}
});

/**
 * A data-plane vector: "subgroup" and "fetch" streams go through the DataStreamDecoder (whole,
 * then FIN) and back through the stream encoders; "datagram" through decodeDatagram /
 * encodeDatagram. The message of a stream vector is `{ header, objects }`.
 */
function checkDataVector(v: Vector, draft: Draft): void {
	const bytes = hexToBytes(v.hex);
	let decoded: unknown;
	try {
		if (v.kind === "datagram") {
			decoded = decodeDatagram(bytes, draft);
		} else {
			const dec = new DataStreamDecoder(draft, { groupOrder: v.groupOrder });
			const out = dec.push(bytes);
			dec.end();
			decoded = { header: out.header, objects: out.objects };
		}
	} catch (e) {
		if (v.error === undefined || !(e instanceof WireError)) throw e;
		expect(e.code).toBe(v.error);
		return;
	}
	expect(v.error, "the vector expects an error").toBeUndefined();
	const message = fromVectorJson(v.message);
	expect(decoded).toEqual(message);
	if (v.nonCanonical === true) return;
	const w = new Writer(64);
	if (v.kind === "datagram") {
		expect(toHex(encodeDatagram(message as Datagram, draft))).toBe(toHex(bytes));
		return;
	}
	const { header, objects } = message as { header: SubgroupHeader | FetchHeader; objects: DataStreamItem[] };
	if (header.type === "SUBGROUP_HEADER") {
		const enc = new SubgroupStreamEncoder(header, draft);
		enc.writeHeader(w);
		for (const o of objects) enc.writeObject(w, o as MoqtObject);
	} else {
		const enc = new FetchStreamEncoder(draft, { groupOrder: v.groupOrder });
		enc.writeHeader(w, header);
		for (const o of objects) enc.write(w, o);
	}
	expect(toHex(w.finish())).toBe(toHex(bytes));
}
