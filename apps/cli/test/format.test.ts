/**
 * The pure parts: value parsers, object lines and JSON, names, sizes, percentiles, the progress
 * meter (drawn only on a terminal), generated payloads, and the record/play mapping of objects
 * to file entries and back.
 */

import { ObjectStatus, type PublishDone, PublishDoneCode, type TrackObject } from "@moqt/client";
import type { MetadataEntry } from "@moqt/file-format";
import { describe, expect, test } from "vitest";
import { decimal, integer, location, UsageError } from "../src/args.js";
import { latencyMs, SENT_AT_PROPERTY } from "../src/clock.js";
import { parseRename } from "../src/commands/play.js";
import { generatedPayload } from "../src/commands/pub.js";
import { describeEnd, endedInFailure } from "../src/commands/subscription-end.js";
import { fieldText, trackText } from "../src/output/names.js";
import { objectJson, objectLine, printableText } from "../src/output/object-line.js";
import { formatBytes, Progress } from "../src/output/progress.js";
import { percentile, summarizeLatency } from "../src/output/stats.js";
import { parseProperties } from "../src/publishing.js";
import { objectMetadata, playedObject } from "../src/recording/object-metadata.js";
import { Capture } from "./io.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

function object(overrides: Partial<TrackObject> = {}): TrackObject {
	return {
		group: 3n,
		subgroup: 0n,
		object: 7n,
		status: ObjectStatus.NORMAL,
		priority: 128,
		properties: [],
		payload: utf8("hello"),
		forwarding: "subgroup",
		endOfGroup: false,
		...overrides,
	};
}

describe("value parsers", () => {
	test("locations", () => {
		expect(location("5", "--start")).toEqual({ group: 5n, object: undefined });
		expect(location("5:12", "--start")).toEqual({ group: 5n, object: 12n });
		expect(location("4611686018427387903:0", "--start")).toEqual({ group: (1n << 62n) - 1n, object: 0n });
		for (const bad of ["", "a", "1:", ":1", "-1", "1:2:3", "4611686018427387904"]) {
			expect(() => location(bad, "--start"), bad).toThrow(UsageError);
		}
	});

	test("numbers", () => {
		expect(integer("42", "--n")).toBe(42);
		expect(() => integer("4.2", "--n")).toThrow(/expected a whole number/);
		expect(() => integer("300", "--n", 0, 255)).toThrow(/300 is not in 0–255/);
		expect(decimal("0.5", "--s")).toBe(0.5);
		expect(decimal("0", "--s", 0, true)).toBe(0);
		expect(() => decimal("0", "--s")).toThrow(/above 0/);
		expect(() => decimal("1e3", "--s")).toThrow(UsageError);
	});

	test("--rename and --property", () => {
		expect(parseRename("a/b/track")).toEqual({ namespace: "a/b", name: "track" });
		expect(() => parseRename("/track")).toThrow(UsageError);
		expect(() => parseRename("ns/")).toThrow(UsageError);
		expect(parseProperties({ property: ["3=hi there", "0x3c=12", "5="] })).toEqual([
			{ type: 3n, value: utf8("hi there") },
			{ type: 60n, value: 12n },
			{ type: 5n, value: new Uint8Array(0) },
		]);
	});
});

describe("objects as lines", () => {
	test("text line: place, size, latency and printable payload", () => {
		expect(objectLine(object(), 1.234)).toBe("group 3 subgroup 0 object 7 size 5 latency 1.23 ms: hello");
		expect(objectLine(object({ subgroup: undefined, forwarding: "datagram" }), undefined)).toBe(
			"group 3 datagram object 7 size 5: hello",
		);
		expect(objectLine(object({ payload: new Uint8Array([0, 1, 2]) }), undefined)).toBe(
			"group 3 subgroup 0 object 7 size 3",
		);
		expect(objectLine(object({ status: ObjectStatus.END_OF_GROUP, payload: new Uint8Array(0) }), undefined)).toBe(
			"group 3 subgroup 0 object 7 end-of-group size 0",
		);
		expect(objectLine(object({ payload: utf8("x".repeat(300)) }), undefined)).toBe(
			`group 3 subgroup 0 object 7 size 300: ${"x".repeat(200)}…`,
		);
	});

	test("printable means valid UTF-8 without control characters (tabs allowed)", () => {
		expect(printableText(utf8("a\tb ✓"))).toBe("a\tb ✓");
		expect(printableText(utf8("a\nb"))).toBeUndefined();
		expect(printableText(utf8("\u001b[31m"))).toBeUndefined();
		expect(printableText(new Uint8Array([0xc3]))).toBeUndefined();
	});

	test("JSON: IDs as numbers while exact, bytes as base64", () => {
		const big = (1n << 60n) + 1n;
		const line = objectJson(
			object({
				group: big,
				payload: new Uint8Array([0xff]),
				properties: [
					{ type: 2n, value: 9n },
					{ type: 3n, value: utf8("x") },
				],
			}),
			0.5,
		);
		expect(JSON.parse(line)).toEqual({
			group: big.toString(),
			subgroup: 0,
			object: 7,
			status: "normal",
			priority: 128,
			forwarding: "subgroup",
			size: 1,
			latencyMs: 0.5,
			properties: [
				{ type: 2, value: 9 },
				{ type: 3, base64: "eA==" },
			],
			base64: "/w==",
		});
	});

	test("latency comes from the send-time property only", () => {
		expect(latencyMs([{ type: SENT_AT_PROPERTY, value: 1_000_000n }], 1_002_500n)).toBe(2.5);
		expect(latencyMs([{ type: 3n, value: utf8("x") }], 1n)).toBeUndefined();
		// An odd-typed property of that number would be bytes, and is not a time.
		expect(latencyMs([{ type: SENT_AT_PROPERTY + 1n, value: 5n }], 10n)).toBeUndefined();
	});
});

describe("names and sizes", () => {
	test("fields escape control characters; non-UTF-8 shows as hex", () => {
		expect(fieldText(utf8("moq-time.arpa\n"))).toBe("moq-time.arpa\\n");
		expect(fieldText(utf8("a\\b\u0001"))).toBe("a\\\\b\\x01");
		expect(fieldText(new Uint8Array([0xff, 0x00]))).toBe("0xff00");
		expect(trackText([utf8("a"), utf8("b")], utf8("c"))).toBe("a/b/c");
	});

	test("bytes in powers of 1000", () => {
		expect(formatBytes(999)).toBe("999 B");
		expect(formatBytes(1000)).toBe("1.0 KB");
		expect(formatBytes(6000)).toBe("6.0 KB");
		expect(formatBytes(2_500_000)).toBe("2.5 MB");
		expect(formatBytes(3e9)).toBe("3.0 GB");
	});

	test("nearest-rank percentiles", () => {
		const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(sorted, 50)).toBe(50);
		expect(percentile(sorted, 99)).toBe(99);
		expect(percentile(sorted, 100)).toBe(100);
		expect(percentile([7], 0)).toBe(7);
		expect(percentile([], 50)).toBeUndefined();
		expect(summarizeLatency([3, 1, 2])).toEqual({ count: 3, p50: 2, p90: 3, p99: 3, max: 3 });
	});
});

describe("the progress meter", () => {
	test("draws on a terminal, with the rate since the last line", () => {
		const out = new Capture(true);
		let now = 0;
		const progress = new Progress(out, "received", () => now);
		for (let i = 0; i < 10; i++) progress.add(1500, BigInt(i % 3));
		now = 2000;
		progress.draw();
		expect(out.text).toBe("\rreceived 10 objects, 15.0 KB, 3 groups, 5 objects/s\u001b[K");
		progress.stop();
		expect(out.text.endsWith("\r\u001b[K")).toBe(true);
	});

	test("stays silent when stderr is not a terminal", () => {
		const out = new Capture(false);
		const progress = new Progress(out, "received").start();
		progress.add(1, 0n);
		progress.draw();
		progress.stop();
		expect(out.text).toBe("");
		expect(progress.objects).toBe(1);
	});
});

describe("generated payloads", () => {
	test("name their place, padded or cut to --size", () => {
		const at = new Date("2026-01-02T03:04:05.678Z");
		expect(new TextDecoder().decode(generatedPayload(2n, 5n, undefined, at))).toBe("2/5 2026-01-02T03:04:05.678Z");
		expect(new TextDecoder().decode(generatedPayload(2n, 5n, 32, at))).toBe("2/5 2026-01-02T03:04:05.678Z....");
		expect(new TextDecoder().decode(generatedPayload(2n, 5n, 3, at))).toBe("2/5");
		expect(generatedPayload(2n, 5n, 0, at)).toHaveLength(0);
	});
});

describe("record and play map objects to entries and back", () => {
	const ns = [utf8("a"), utf8("b")];
	const name = utf8("t");
	const entryOf = (o: TrackObject): MetadataEntry => ({
		...objectMetadata(ns, name, o, 1234),
		extensions: o.properties,
		dataFile: "x.dat",
		dataOffset: 0,
		dataLength: o.payload.length,
	});

	test("a subgroup object keeps IDs, status, priority and properties", () => {
		const o = object({ priority: 9, properties: [{ type: 2n, value: 1n }], status: ObjectStatus.NORMAL });
		const meta = objectMetadata(ns, name, o, 1234);
		expect(meta).toEqual({
			trackNamespace: ns,
			trackName: name,
			groupId: 3n,
			subgroupId: 0n,
			objectId: 7n,
			forwardingPreference: "Subgroup",
			objectStatus: 0,
			publisherPriority: 9,
			receiveTime: 1234,
			extensions: [{ type: 2n, value: 1n }],
		});
		expect(playedObject(entryOf(o))).toEqual({
			group: 3n,
			subgroup: 0n,
			object: 7n,
			status: 0,
			priority: 9,
			properties: [{ type: 2n, value: 1n }],
		});
		expect(playedObject(entryOf(o), 10n).group).toBe(13n);
	});

	test("a datagram goes back out as a datagram; a fetched object keeps its subgroup", () => {
		const datagram = object({ subgroup: undefined, forwarding: "datagram", priority: undefined });
		expect(objectMetadata(ns, name, datagram, 1)).not.toHaveProperty("subgroupId");
		expect(objectMetadata(ns, name, datagram, 1)).not.toHaveProperty("publisherPriority");
		expect(objectMetadata(ns, name, datagram, 1).forwardingPreference).toBe("Datagram");
		expect(playedObject(entryOf(datagram)).subgroup).toBeUndefined();
		const fetched = object({ forwarding: "fetch", subgroup: 4n });
		expect(objectMetadata(ns, name, fetched, 1)).toMatchObject({ subgroupId: 4n, forwardingPreference: "Subgroup" });
	});

	test("an entry of another writer without status or priority plays as a normal object", () => {
		const entry: MetadataEntry = {
			trackNamespace: ns,
			trackName: name,
			groupId: 1n,
			subgroupId: 0n,
			objectId: 0n,
			extensions: [],
			dataOffset: 0,
			dataLength: 0,
		};
		expect(playedObject(entry)).toEqual({
			group: 1n,
			subgroup: 0n,
			object: 0n,
			status: 0,
			priority: undefined,
			properties: [],
		});
	});
});

describe("how a subscription ended", () => {
	const done = (statusCode: number) => ({ statusCode, reason: "" }) as unknown as PublishDone;
	test("a track or subscription that ended is not a failure; a malformed track is, in each draft's numbering", () => {
		for (const draft of [14, 16, 18, 19] as const) {
			const codes = PublishDoneCode[draft];
			expect(endedInFailure(done(codes.TRACK_ENDED), draft)).toBe(false);
			expect(endedInFailure(done(codes.SUBSCRIPTION_ENDED), draft)).toBe(false);
			expect(endedInFailure(done(codes.GOING_AWAY), draft)).toBe(false);
			expect(endedInFailure(done(codes.MALFORMED_TRACK), draft)).toBe(true);
			expect(endedInFailure(done(codes.INTERNAL_ERROR), draft)).toBe(true);
			expect(endedInFailure(done(0x3fff), draft)).toBe(true);
		}
		expect(describeEnd(done(PublishDoneCode[19].MALFORMED_TRACK), 19)).toBe(
			"the publisher ended the subscription (MALFORMED_TRACK 0x12)",
		);
	});
});
