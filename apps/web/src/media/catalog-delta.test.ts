import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { type Catalog, type CatalogDelta, type CatalogTrack, MSF_VERSION, parseCatalog } from "./catalog.js";
import { applyDelta } from "./catalog-delta.js";

const examples: { section: string; text: string }[] = JSON.parse(
	readFileSync(new URL("../../test/fixtures/msf/draft-examples.json", import.meta.url), "utf8"),
).examples;
const deltaExample = (section: string) =>
	parseCatalog(examples.find((e) => e.section === section)?.text ?? "") as CatalogDelta;

const video1080: CatalogTrack = {
	name: "video-1080",
	packaging: "loc",
	isLive: true,
	role: "video",
	codec: "av01.0.08M.10.0.110.09",
	width: 1920,
	height: 1080,
	framerate: 30,
	bitrate: 2000000,
	custom: { "com.example-tier": "premium" },
};
const base: Catalog = { version: MSF_VERSION, generatedAt: 1, tracks: [video1080] };

describe("applyDelta (draft-ietf-moq-msf §5.3)", () => {
	test("the draft's 'adding two tracks' example: update, add, then clone", () => {
		// The example's clone names parentNamespace "example.com/custom" while its update names no
		// namespace, so both address the parent only when that is the catalog's own namespace.
		const after = applyDelta(base, deltaExample("Delta update  - adding two tracks"), "example.com/custom");
		expect(after.generatedAt).toBe(1746104606044);
		expect(after.tracks.map((t) => t.name)).toEqual(["video-1080", "slides", "video-720"]);
		expect(after.tracks[0]).toEqual({ ...video1080, bitrate: 4000000 });
		expect(after.tracks[1]).toMatchObject({ packaging: "loc", framerate: 15, bitrate: 750000, renderGroup: 1 });
		// The clone inherits everything from the updated parent but its name and what it redefines.
		expect(after.tracks[2]).toEqual({ ...video1080, name: "video-720", width: 1280, height: 720, bitrate: 600000 });
		expect(base.tracks).toEqual([video1080]);
	});

	test("without the catalog's namespace, a namespaced parent is not the inherited one", () => {
		expect(() => applyDelta(base, deltaExample("Delta update  - adding two tracks"))).toThrow(
			/clone of track "video-1080": it has no such parent/,
		);
	});

	test("the draft's removal example", () => {
		const slides: CatalogTrack = { ...video1080, name: "slides" };
		const audio: CatalogTrack = { name: "audio", packaging: "loc", isLive: true, codec: "opus", bitrate: 1 };
		const before: Catalog = { ...base, tracks: [{ ...video1080, name: "video" }, audio, slides] };
		expect(applyDelta(before, deltaExample("Delta update removing tracks")).tracks).toEqual([audio]);
	});

	test("operations apply in order, each to the result of the one before", () => {
		const delta: CatalogDelta = {
			generatedAt: 2,
			deltaUpdate: [
				{ op: "clone", tracks: [{ parentName: "video-1080", name: "copy", custom: { "com.example-x": 1 } }] },
				{ op: "remove", tracks: [{ name: "video-1080" }] },
				{ op: "update", tracks: [{ parentName: "copy", width: 640 }] },
			],
		};
		expect(applyDelta(base, delta).tracks).toEqual([
			{ ...video1080, name: "copy", width: 640, custom: { "com.example-tier": "premium", "com.example-x": 1 } },
		]);
	});

	test.each<[string, CatalogDelta, RegExp]>([
		[
			"adding a declared track",
			{ generatedAt: 2, deltaUpdate: [{ op: "add", tracks: [video1080] }] },
			/add of track "video-1080": it already exists/,
		],
		[
			"removing an unknown track",
			{ generatedAt: 2, deltaUpdate: [{ op: "remove", tracks: [{ name: "nope" }] }] },
			/remove of track "nope": it does not exist/,
		],
		[
			"cloning onto a declared name",
			{ generatedAt: 2, deltaUpdate: [{ op: "clone", tracks: [{ parentName: "video-1080", name: "video-1080" }] }] },
			/clone of track "video-1080": it already exists/,
		],
		[
			"updating an unknown track",
			{ generatedAt: 2, deltaUpdate: [{ op: "update", tracks: [{ name: "nope", width: 1 }] }] },
			/update of track "nope": it does not exist/,
		],
		[
			"updating a track in another namespace",
			{ generatedAt: 2, deltaUpdate: [{ op: "update", tracks: [{ parentName: "video-1080", parentNamespace: "x" }] }] },
			/does not exist/,
		],
	])("refuses %s", (_, delta, message) => {
		expect(() => applyDelta(base, delta)).toThrow(message);
	});
});
