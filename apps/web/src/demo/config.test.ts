import { describe, expect, it } from "vitest";
import { DEFAULT_CODECS, pageConfig, pageLink } from "./config.js";

const server = { relayUrl: "https://127.0.0.1:4443/moq", certificateSha256: "ab".repeat(32) };
const config = (query: string) => pageConfig(server, new URLSearchParams(query), () => "tab-x");

describe("pageConfig", () => {
	it("defaults: the lobby, a made-up name, no video, every draft, H.264 then VP8, 320x180", () => {
		expect(config("")).toEqual({
			...server,
			room: "lobby",
			participant: "tab-x",
			video: false,
			drafts: undefined,
			codecs: DEFAULT_CODECS,
			videoSettings: { width: 320, height: 180, framerate: 30, bitrate: 500_000, keyframeInterval: 30 },
		});
	});

	it("takes the room, name, video, drafts, codec and video settings from the query", () => {
		const c = config("room=r1&name=alice&video=1&draft=16,14&codec=vp8&width=641&height=240&fps=15&keyframe=15");
		expect(c).toMatchObject({ room: "r1", participant: "alice", video: true, drafts: [16, 14], codecs: ["vp8"] });
		// Sizes are made even for the 4:2:0 codecs.
		expect(c.videoSettings).toMatchObject({ width: 640, height: 240, framerate: 15, keyframeInterval: 15 });
	});

	it("ignores names the namespace convention refuses, unknown drafts and numbers out of range", () => {
		const c = config(`room=a%20b&name=${"n".repeat(65)}&draft=17,99&fps=0&width=abc`);
		expect(c.room).toBe("lobby");
		expect(c.participant).toBe("tab-x");
		expect(c.drafts).toBeUndefined();
		expect(c.videoSettings.framerate).toBe(30);
		expect(c.videoSettings.width).toBe(320);
	});
});

describe("pageLink", () => {
	it("changes and removes query parameters", () => {
		expect(pageLink("http://127.0.0.1:8080/?room=r&name=a&video=1", { name: undefined, video: undefined })).toBe(
			"http://127.0.0.1:8080/?room=r",
		);
		expect(pageLink("http://127.0.0.1:8080/", { name: "bob" })).toBe("http://127.0.0.1:8080/?name=bob");
	});
});
