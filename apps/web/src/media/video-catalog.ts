/**
 * The demo's video settings and how they appear in its MSF catalog (draft-ietf-moq-msf §4.1 "LOC
 * packaging", §5.2 "Track Object Fields": a LOC track with role "video", its WebCodecs codec
 * string, size, frame rate and bitrate).
 *
 * @module
 */

import { TrackName } from "../chat.js";
import { type Catalog, type CatalogTrack, MSF_VERSION } from "./catalog.js";

/** How the demo encodes its video track. */
export interface VideoSettings {
	/** A WebCodecs codec string (WebCodecs Codec Registry), e.g. "avc1.42001f" or "vp8". */
	readonly codec: string;
	/** Coded width in pixels; even, for the 4:2:0 codecs. */
	readonly width: number;
	/** Coded height in pixels; even, for the 4:2:0 codecs. */
	readonly height: number;
	/** Frames per second. */
	readonly framerate: number;
	/** Target bitrate in bits per second; the catalog announces it as the maximum. */
	readonly bitrate: number;
	/** A keyframe, and so a new Group, every this many frames. */
	readonly keyframeInterval: number;
}

/**
 * The demo's defaults: H.264 Constrained Baseline level 3.1 (which the WebCodecs encoders of
 * Chromium, Firefox and Safari all offer), small enough for a software encoder, a Group a second.
 */
export const DEFAULT_VIDEO: VideoSettings = {
	codec: "avc1.42001f",
	width: 640,
	height: 360,
	framerate: 30,
	bitrate: 1_000_000,
	keyframeInterval: 30,
};

/** The catalog entry of the video track, inheriting the catalog's namespace. */
export function videoCatalogTrack(v: VideoSettings): CatalogTrack {
	return {
		name: TrackName.VIDEO,
		packaging: "loc",
		isLive: true,
		role: "video",
		renderGroup: 1,
		codec: v.codec,
		width: v.width,
		height: v.height,
		framerate: v.framerate,
		bitrate: v.bitrate,
	};
}

/** The room's catalog: its one video track. */
export function demoCatalog(v: VideoSettings, generatedAt: number): Catalog {
	return { version: MSF_VERSION, generatedAt, tracks: [videoCatalogTrack(v)] };
}

/** The first live LOC video track of a catalog that names its codec, the one a player can show. */
export function videoTrackOf(catalog: Catalog): CatalogTrack | undefined {
	return catalog.tracks.find((t) => t.packaging === "loc" && t.role === "video" && t.codec !== undefined);
}
