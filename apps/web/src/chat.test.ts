import { describe, expect, test } from "vitest";
import {
	ChatTrackWriter,
	ClockTrackWriter,
	decodeChatMessage,
	encodeChatMessage,
	MAX_TEXT_LENGTH,
	participantNamespace,
	roomNamespace,
	TrackName,
} from "./chat.js";
import { FormatError } from "./errors.js";
import { utf8Encode } from "./utf8.js";

describe("naming", () => {
	test("a room is [moqt-demo, room]; a participant one field deeper", () => {
		expect(roomNamespace("lobby")).toEqual(["moqt-demo", "lobby"]);
		expect(participantNamespace("lobby", "tab-7")).toEqual(["moqt-demo", "lobby", "tab-7"]);
		expect(Object.values(TrackName)).toEqual(["catalog", "video", "chat", "clock"]);
	});

	test.each(["", "a b", "x/y", "ü", "r".repeat(65)])("refuses the name %j", (name) => {
		expect(() => roomNamespace(name)).toThrow(FormatError);
		expect(() => participantNamespace("lobby", name)).toThrow(/participant name/);
	});
});

describe("chat messages", () => {
	const message = { from: "alice", text: "héllo ✓", sentAt: 1_746_104_606_044 };

	test("are UTF-8 JSON with from, text and sentAt", () => {
		const bytes = encodeChatMessage(message);
		expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(message);
		expect(decodeChatMessage(bytes)).toEqual(message);
	});

	test("decoding ignores extra fields", () => {
		const bytes = utf8Encode(JSON.stringify({ ...message, color: "red" }));
		expect(decodeChatMessage(bytes)).toEqual(message);
	});

	test.each([
		["invalid UTF-8", Uint8Array.of(0x22, 0xc3, 0x28, 0x22), /not UTF-8 JSON/],
		["not JSON", utf8Encode("hello"), /not UTF-8 JSON/],
		["null", utf8Encode("null"), /not an object/],
		["a numeric sender", utf8Encode(JSON.stringify({ ...message, from: 1 })), /string from/],
		["no sentAt", utf8Encode(JSON.stringify({ from: "a", text: "b" })), /number sentAt/],
		["an empty sender", utf8Encode(JSON.stringify({ ...message, from: "" })), /sender name/],
		["a negative time", utf8Encode(JSON.stringify({ ...message, sentAt: -1 })), /sentAt/],
	])("decoding refuses %s", (_, bytes, error) => {
		expect(() => decodeChatMessage(bytes)).toThrow(error);
	});

	test("encoding refuses a text over the limit", () => {
		expect(() => encodeChatMessage({ ...message, text: "x".repeat(MAX_TEXT_LENGTH + 1) })).toThrow(/at most/);
		expect(() => encodeChatMessage({ ...message, sentAt: Number.NaN })).toThrow(FormatError);
	});

	test("each message opens a group of its own", () => {
		const w = new ChatTrackWriter(5n);
		const a = w.write(message);
		const b = w.write({ ...message, text: "again" });
		expect([a.group, a.object, b.group, b.object]).toEqual([5n, 0n, 6n, 0n]);
		expect(decodeChatMessage(b.payload).text).toBe("again");
	});
});

describe("ClockTrackWriter", () => {
	// 2025-05-01T12:23:26.044Z
	const t = 1_746_102_206_044;

	test("a group per minute since the epoch, an object per second", () => {
		const clock = new ClockTrackWriter();
		const o = clock.tick(t);
		expect(o?.group).toBe(BigInt(Math.floor(t / 60_000)));
		expect(o?.object).toBe(26n);
		expect(decodeChatMessage(o?.payload ?? new Uint8Array())).toEqual({
			from: "clock",
			text: "2025-05-01T12:23:26Z",
			sentAt: t,
		});
		expect(clock.tick(t + 34_000)).toMatchObject({ group: BigInt(Math.floor(t / 60_000)) + 1n, object: 0n });
	});

	test("skips a second already sent or past", () => {
		const clock = new ClockTrackWriter();
		clock.tick(t);
		expect(clock.tick(t + 500)).toBeUndefined();
		expect(clock.tick(t - 1000)).toBeUndefined();
		expect(clock.tick(t + 1000)?.object).toBe(27n);
	});
});
