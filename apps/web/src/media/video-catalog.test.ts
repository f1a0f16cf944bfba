import { describe, expect, test } from "vitest";
import { encodeCatalog, parseCatalog } from "./catalog.js";
import { catalogProblems } from "./catalog-check.js";
import { DEFAULT_VIDEO, demoCatalog, videoCatalogTrack, videoTrackOf } from "./video-catalog.js";

describe("the demo catalog (draft-ietf-moq-msf §4.1, §5.2)", () => {
	test("announces the video track as LOC with the encoder's settings", () => {
		const c = demoCatalog(DEFAULT_VIDEO, 1_746_104_606_044);
		expect(catalogProblems(c)).toEqual([]);
		expect(c.tracks).toEqual([
			{
				name: "video",
				packaging: "loc",
				isLive: true,
				role: "video",
				renderGroup: 1,
				codec: "avc1.42001f",
				width: 640,
				height: 360,
				framerate: 30,
				bitrate: 1_000_000,
			},
		]);
		expect(parseCatalog(encodeCatalog(c))).toEqual(c);
	});

	test("a player finds the video track among others", () => {
		const audio = { name: "audio", packaging: "loc", isLive: true, role: "audio", codec: "opus", bitrate: 1 };
		const vp8 = videoCatalogTrack({ ...DEFAULT_VIDEO, codec: "vp8" });
		const c = { version: "draft-01", tracks: [audio, { ...vp8, name: "timeline", packaging: "mediatimeline" }, vp8] };
		expect(videoTrackOf(c)).toBe(vp8);
		expect(videoTrackOf({ version: "draft-01", tracks: [audio] })).toBeUndefined();
	});
});
