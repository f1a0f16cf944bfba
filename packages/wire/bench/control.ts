/**
 * Control message rows: encode and decode rates of the main control messages, framed (type,
 * length, body), for this codec and for `@moq/net`.
 *
 * This codec's sample of a message is the first accept vector of that message for the draft
 * (test/vectors/<draft>/<TYPE>/*.json), so a message is benchmarked as soon as its codec is
 * registered and it has a golden vector. `@moq/net`'s sample is the nearest message its classes
 * can build; the byte sizes of both encodings are printed so the reader can see how alike they are.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeControlMessage, encodeControlMessage, messageTypeCode } from "../src/control.js";
import type { ControlMessage } from "../src/messages/index.js";
import type { Draft } from "../src/version.js";
import { Writer } from "../src/writer.js";
import { fromVectorJson } from "../test/vector-json.js";
import { measure, measureAsync } from "./harness.js";
import type { Module, MoqNet } from "./moq-net.js";

/** The messages the benchmark covers, and the drafts it runs them in. */
export const MAIN_MESSAGES = ["SUBSCRIBE", "SUBSCRIBE_OK", "PUBLISH", "FETCH", "REQUEST_ERROR"] as const;
export const CONTROL_DRAFTS: readonly Draft[] = [14, 19];

/** One implementation's rates for one message. */
export interface Rates {
	readonly encode: number;
	readonly decode: number;
	readonly bytes: number;
}

/** One row: a message in a draft, for both implementations. */
export interface ControlRow {
	readonly message: string;
	readonly draft: Draft;
	readonly ours?: Rates;
	readonly theirs?: Rates;
	/** Why a side is missing. */
	readonly note?: string;
}

const VECTORS = join(import.meta.dirname, "..", "test", "vectors");

function sample(type: string, draft: Draft): ControlMessage | undefined {
	const dir = join(VECTORS, String(draft), type);
	let files: string[];
	try {
		files = readdirSync(dir)
			.filter((f) => f.endsWith(".json"))
			.sort();
	} catch {
		return undefined;
	}
	for (const f of files) {
		const v = JSON.parse(readFileSync(join(dir, f), "utf8")) as { message?: unknown; error?: string; kind?: string };
		if (v.error === undefined && v.message !== undefined && (v.kind ?? "control") === "control") {
			return fromVectorJson(v.message) as ControlMessage;
		}
	}
	return undefined;
}

function ours(type: string, draft: Draft): Rates | string {
	if (messageTypeCode(type as ControlMessage["type"], draft) === undefined) return `no ${type} codec in draft-${draft}`;
	const m = sample(type, draft);
	if (m === undefined) return `no accept vector for ${type} in draft-${draft}`;
	const w = new Writer(256);
	const bytes = encodeControlMessage(m, draft).slice();
	const check = decodeControlMessage(bytes, draft);
	if (check.kind !== "ok") return `${type} sample does not decode: ${check.kind}`;
	const encode = measure(() => {
		w.reset();
		encodeControlMessage(m, draft, { writer: w });
	});
	const decode = measure(() => {
		decodeControlMessage(bytes, draft);
	});
	return { encode, decode, bytes: bytes.length };
}

// @moq/net's message class and a sample of it, per message type.
function theirSample(net: MoqNet, type: string): { cls: Module; msg: Module } | undefined {
	const ns = net.path.from("live/room");
	switch (type) {
		case "SUBSCRIBE":
			return {
				cls: net.subscribe.Subscribe,
				msg: new net.subscribe.Subscribe({
					requestId: 2n,
					trackNamespace: ns,
					trackName: "video",
					subscriberPriority: 7,
				}),
			};
		case "SUBSCRIBE_OK":
			return { cls: net.subscribe.SubscribeOk, msg: new net.subscribe.SubscribeOk({ requestId: 2n, trackAlias: 1n }) };
		case "PUBLISH":
			return {
				cls: net.publish.Publish,
				msg: new net.publish.Publish({
					requestId: 2n,
					trackNamespace: ns,
					trackName: "video",
					trackAlias: 1n,
					groupOrder: 2,
					contentExists: true,
					largest: { groupId: 5n, objectId: 1n },
					forward: true,
				}),
			};
		case "FETCH":
			return {
				cls: net.fetch.Fetch,
				msg: new net.fetch.Fetch({
					requestId: 2n,
					trackNamespace: ns,
					trackName: "video",
					subscriberPriority: 7,
					groupOrder: 2,
					startGroup: 5n,
					startObject: 0n,
					endGroup: 9n,
					endObject: 0n,
				}),
			};
		case "REQUEST_ERROR":
			return {
				cls: net.request.RequestError,
				msg: new net.request.RequestError({ requestId: 2n, errorCode: 1, reasonPhrase: "unauthorized" }),
			};
		default:
			return undefined;
	}
}

async function theirs(net: MoqNet, type: string, draft: Draft): Promise<Rates | string> {
	const s = theirSample(net, type);
	if (s === undefined) return `no @moq/net sample for ${type}`;
	if (draft === 14 && type === "REQUEST_ERROR") return "REQUEST_ERROR is draft-15+";
	const version = draft === 14 ? net.versions.Version.DRAFT_14 : net.versions.Version.DRAFT_19;
	let captured: Uint8Array[] = [];
	const sink = new WritableStream<Uint8Array>({
		write(chunk) {
			captured.push(chunk.slice());
		},
	});
	const w = new net.stream.Writer(sink, version);
	const encodeOnce = async () => {
		await w.u53(s.cls.id);
		await s.msg.encode(w, version);
	};
	try {
		await encodeOnce();
	} catch (e) {
		return `@moq/net cannot encode ${type}: ${(e as Error).message}`;
	}
	const bytes = concat(captured);
	captured = [];
	const decodeOnce = async () => {
		const r = new net.stream.Reader(undefined, bytes, version);
		await r.u53();
		await s.cls.decode(r, version);
	};
	try {
		await decodeOnce();
	} catch (e) {
		return `@moq/net cannot decode its own ${type}: ${(e as Error).message}`;
	}
	// The sink keeps nothing while timing.
	const encode = await measureAsync(async () => {
		await encodeOnce();
		captured.length = 0;
	});
	const decode = await measureAsync(decodeOnce);
	return { encode, decode, bytes: bytes.length };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** Runs every control row. */
export async function controlRows(net: MoqNet | undefined): Promise<ControlRow[]> {
	const rows: ControlRow[] = [];
	for (const draft of CONTROL_DRAFTS) {
		for (const message of MAIN_MESSAGES) {
			const a = ours(message, draft);
			const b = net === undefined ? "@moq/net not loaded" : await theirs(net, message, draft);
			const notes = [typeof a === "string" ? a : undefined, typeof b === "string" ? b : undefined].filter(Boolean);
			rows.push({
				message,
				draft,
				ours: typeof a === "string" ? undefined : a,
				theirs: typeof b === "string" ? undefined : b,
				note: notes.length > 0 ? notes.join("; ") : undefined,
			});
		}
	}
	return rows;
}
