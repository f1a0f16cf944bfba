/**
 * The demo's naming convention and its text tracks: chat and a clock.
 *
 * Names (draft-ietf-moq-transport-19 §2.4.1 "Track Naming"): a room is the namespace
 * `["moqt-demo", room]`; its tracks are `catalog` (the MSF catalog, whose name MSF fixes:
 * draft-ietf-moq-msf §5), `video` (LOC video), `chat` and `clock`. A MOQT track has one
 * publisher, so a room where several tabs talk needs one chat track each: a participant
 * publishes under `["moqt-demo", room, participant]`, and readers find every participant with
 * SUBSCRIBE_NAMESPACE on the room's namespace (§6 "Namespace Discovery").
 *
 * Payloads: every object of `chat` and `clock` is one UTF-8 JSON message
 * `{ "from": string, "text": string, "sentAt": number }` (sentAt in wall-clock milliseconds since
 * the Unix epoch). A chat message opens a Group of its own, so a subscriber asking for the latest
 * Group gets the latest message and a FETCH of earlier Groups the history. The clock sends one
 * message a second, a Group per minute since the epoch and an Object per second within it, so a
 * late joiner starts at the current minute, as moq-dev's clock demo does.
 *
 * @module
 */

import { FormatError } from "./errors.js";
import type { MediaObject } from "./media/media-object.js";
import { utf8Decode, utf8Encode } from "./utf8.js";

/** The first field of every namespace the demo uses. */
export const DEMO_NAMESPACE = "moqt-demo";

/** The track names of a room. */
export const TrackName = {
	CATALOG: "catalog",
	VIDEO: "video",
	CHAT: "chat",
	CLOCK: "clock",
} as const;
/** A track name of a room. */
export type TrackName = (typeof TrackName)[keyof typeof TrackName];

/** Longest room, participant or sender name, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 64;
/** Longest message text, in UTF-16 code units. */
export const MAX_TEXT_LENGTH = 2000;

// Names double as namespace fields and as parts of MSF URLs (draft-ietf-moq-msf §11.1.2), so
// they stay within characters that need no escaping anywhere but the hyphen.
const NAME = /^[A-Za-z0-9_-]+$/;

/** The namespace of a room. Throws {@link FormatError} for an empty or unusual room name. */
export function roomNamespace(room: string): readonly string[] {
	return [DEMO_NAMESPACE, checkName("room", room)];
}

/** The namespace of one participant's tracks in a room. */
export function participantNamespace(room: string, participant: string): readonly string[] {
	return [...roomNamespace(room), checkName("participant", participant)];
}

/** One chat (or clock) message. */
export interface ChatMessage {
	/** Who sent it. */
	readonly from: string;
	/** What they said. */
	readonly text: string;
	/** When they sent it, in wall-clock milliseconds since the Unix epoch. */
	readonly sentAt: number;
}

/** Serializes a message. Throws {@link FormatError} when it breaks the format's limits. */
export function encodeChatMessage(m: ChatMessage): Uint8Array {
	return utf8Encode(JSON.stringify(checkMessage(m)));
}

/** Parses a message. Throws {@link FormatError} for anything but a message of the format. */
export function decodeChatMessage(payload: Uint8Array): ChatMessage {
	let value: unknown;
	try {
		value = JSON.parse(utf8Decode(payload));
	} catch (e) {
		throw new FormatError("invalid-chat", "a chat message is not UTF-8 JSON", { cause: e });
	}
	if (typeof value !== "object" || value === null)
		throw new FormatError("invalid-chat", "a chat message is not an object");
	const { from, text, sentAt } = value as Record<string, unknown>;
	if (typeof from !== "string" || typeof text !== "string" || typeof sentAt !== "number") {
		throw new FormatError("invalid-chat", "a chat message needs string from, string text and number sentAt");
	}
	return checkMessage({ from, text, sentAt });
}

/** Numbers a participant's chat messages, a Group each. */
export class ChatTrackWriter {
	private nextGroup: bigint;

	/** `startGroup` defaults to the wall clock in milliseconds, above any Group of an earlier run. */
	constructor(startGroup: bigint = BigInt(Date.now())) {
		this.nextGroup = startGroup;
	}

	/** The object carrying `message`. */
	write(message: ChatMessage): MediaObject {
		const payload = encodeChatMessage(message);
		const group = this.nextGroup;
		this.nextGroup += 1n;
		return { group, object: 0n, properties: [], payload };
	}
}

/** Produces the clock track: a message a second, a Group a minute. */
export class ClockTrackWriter {
	private last: { group: bigint; object: bigint } | undefined;

	/**
	 * The object for the second `nowMs` falls in, or `undefined` when that second was already
	 * sent (a timer that fired twice in one second) or lies before it.
	 */
	tick(nowMs: number): MediaObject | undefined {
		const second = Math.floor(nowMs / 1000);
		const group = BigInt(Math.floor(second / 60));
		const object = BigInt(second % 60);
		const last = this.last;
		if (last !== undefined && (group < last.group || (group === last.group && object <= last.object))) return undefined;
		this.last = { group, object };
		const text = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
		return { group, object, properties: [], payload: encodeChatMessage({ from: "clock", text, sentAt: nowMs }) };
	}
}

function checkMessage(m: ChatMessage): ChatMessage {
	if (m.from.length === 0 || m.from.length > MAX_NAME_LENGTH) {
		throw new FormatError("invalid-chat", `a sender name must have 1 to ${MAX_NAME_LENGTH} characters`);
	}
	if (m.text.length > MAX_TEXT_LENGTH) {
		throw new FormatError("invalid-chat", `a message text must have at most ${MAX_TEXT_LENGTH} characters`);
	}
	if (!Number.isFinite(m.sentAt) || m.sentAt < 0) throw new FormatError("invalid-chat", "sentAt must be a time");
	return { from: m.from, text: m.text, sentAt: m.sentAt };
}

function checkName(what: string, name: string): string {
	if (name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
		throw new FormatError("invalid-chat", `a ${what} name must be 1 to ${MAX_NAME_LENGTH} of A-Z a-z 0-9 _ -`);
	}
	return name;
}
