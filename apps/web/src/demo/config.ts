/**
 * What the demo server tells the page (in `index.html`, as JSON in a
 * `<script type="application/json" id="moqt-demo-config">`), and what the page's URL may add
 * (`?room=…&name=…&video=1&draft=16&codec=vp8&width=320&height=180&fps=15&keyframe=15`).
 *
 * @module
 */

import type { Draft } from "@moqt/client";
import { MAX_NAME_LENGTH } from "../chat.js";
import { DEFAULT_VIDEO, type VideoSettings } from "../media/video-catalog.js";

/** The element id of the server's configuration. */
export const CONFIG_ELEMENT_ID = "moqt-demo-config";

/** The server's part: where the relay is and how to trust it. */
export interface ServerConfig {
	/** The relay's WebTransport URL, e.g. https://127.0.0.1:4443/moq. */
	readonly relayUrl: string;
	/** SHA-256 (hex) of its self-signed certificate, for `serverCertificateHashes`; absent for a CA-signed one. */
	readonly certificateSha256?: string;
}

/** The page's settings. */
export interface PageConfig extends ServerConfig {
	readonly room: string;
	readonly participant: string;
	/** Start publishing video at once. */
	readonly video: boolean;
	/** The drafts offered, most preferred first (all by default). */
	readonly drafts: readonly Draft[] | undefined;
	/** Codecs to try for the video, in order: the first this browser encodes and decodes is used. */
	readonly codecs: readonly string[];
	readonly videoSettings: Omit<VideoSettings, "codec">;
}

/** The default codecs: H.264 Constrained Baseline (everywhere), then VP8. */
export const DEFAULT_CODECS = [DEFAULT_VIDEO.codec, "vp8"] as const;

const DRAFTS: readonly Draft[] = [19, 18, 16, 14];

/** Reads the page's settings from the server's JSON and the URL's query string. */
export function pageConfig(server: ServerConfig, query: URLSearchParams, randomName: () => string): PageConfig {
	const drafts = query
		.get("draft")
		?.split(",")
		.map(Number)
		.filter((d): d is Draft => DRAFTS.includes(d as Draft));
	const number = (key: string, fallback: number, min: number, max: number): number => {
		const value = Number(query.get(key) ?? Number.NaN);
		return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
	};
	const codec = query.get("codec");
	return {
		...server,
		room: name(query.get("room")) ?? "lobby",
		participant: name(query.get("name")) ?? randomName(),
		video: query.get("video") === "1",
		drafts: drafts !== undefined && drafts.length > 0 ? drafts : undefined,
		codecs: codec !== null && codec !== "" ? [codec] : DEFAULT_CODECS,
		videoSettings: {
			// Even sizes: the 4:2:0 codecs want them.
			width: number("width", DEFAULT_VIDEO.width / 2, 16, 1920) & ~1,
			height: number("height", DEFAULT_VIDEO.height / 2, 16, 1080) & ~1,
			framerate: number("fps", DEFAULT_VIDEO.framerate, 1, 60),
			bitrate: number("bitrate", 500_000, 50_000, 10_000_000),
			keyframeInterval: number("keyframe", DEFAULT_VIDEO.keyframeInterval, 1, 600),
		},
	};
}

/** The same page with `changes` to its query string (another participant, say). */
export function pageLink(href: string, changes: Readonly<Record<string, string | undefined>>): string {
	const url = new URL(href);
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) url.searchParams.delete(key);
		else url.searchParams.set(key, value);
	}
	return url.toString();
}

function name(value: string | null): string | undefined {
	if (value === null || value.length === 0 || value.length > MAX_NAME_LENGTH) return undefined;
	return /^[A-Za-z0-9_-]+$/.test(value) ? value : undefined;
}
