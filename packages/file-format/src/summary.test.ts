import { describe, expect, it } from "vitest";
import { SummaryBuilder, summarize } from "./summary.js";
import type { MetadataEntry } from "./types.js";

const utf8 = (s: string) => new TextEncoder().encode(s);

function entry(track: string, group: bigint, object: bigint, extra: Partial<MetadataEntry> = {}): MetadataEntry {
	return {
		trackNamespace: [utf8("ns")],
		trackName: utf8(track),
		groupId: group,
		objectId: object,
		extensions: [],
		dataFile: `${track}.dat`,
		dataOffset: 0,
		dataLength: 100,
		...extra,
	};
}

describe("summarize", () => {
	it("counts objects, groups, bytes, time and gaps per track", async () => {
		const entries: MetadataEntry[] = [];
		for (const g of [5n, 6n, 9n]) {
			for (const o of [0n, 1n, 2n, 4n]) {
				if (g === 6n && o === 4n) continue;
				entries.push(entry("video", g, o, { receiveTime: 1000 + Number(g) * 10 + Number(o), objectStatus: 0 }));
			}
		}
		entries.push(entry("video", 9n, 5n, { dataLength: 0, objectStatus: 3 }));
		entries.push(entry("video", 5n, 1n, { receiveTime: 990 }));
		entries.push(entry("audio", 2n ** 60n, 0n, { dataLength: 7, receiveTime: 5000 }));

		const summary = await summarize(entries);
		expect(summary).toMatchObject({ objects: 14, bytes: 1207, durationMs: 4010 });
		const [video, audio] = summary.tracks;
		expect(video).toMatchObject({
			trackName: utf8("video"),
			objects: 13,
			groups: 3,
			bytes: 1200,
			firstGroup: 5n,
			lastGroup: 9n,
			firstReceiveTime: 990,
			lastReceiveTime: 1094,
			durationMs: 104,
			missingGroups: [{ first: 7n, last: 8n }],
			missingObjects: [
				{ group: 5n, missing: [{ first: 3n, last: 3n }] },
				{ group: 9n, missing: [{ first: 3n, last: 3n }] },
			],
			duplicates: 1,
			statuses: [
				{ status: 0, count: 11 },
				{ status: 3, count: 1 },
				{ status: undefined, count: 1 },
			],
		});
		expect(audio).toMatchObject({ objects: 1, firstGroup: 2n ** 60n, durationMs: 0, missingGroups: [] });
	});

	it("summarizes nothing as nothing", () => {
		expect(new SummaryBuilder().finish()).toEqual({ tracks: [], objects: 0, bytes: 0, durationMs: undefined });
	});

	it("tells tracks apart by their full name, not by a rendering of it", async () => {
		const a = { ...entry("x", 0n, 0n), trackNamespace: [] };
		const b = { ...entry("x", 0n, 0n), trackNamespace: [new Uint8Array(0)] };
		expect((await summarize([a, b])).tracks).toHaveLength(2);
	});
});
