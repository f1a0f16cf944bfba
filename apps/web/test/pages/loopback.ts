/**
 * The browser test's page: the demo's publishing and playing halves joined in one page, with no
 * network. A canvas animation is encoded with VideoEncoder into LOC objects, a Group per keyframe
 * (draft-ietf-moq-loc §4.2), which travel over in-memory draft-19 subgroup streams (the real
 * `@moqt/wire` encoding) into a VideoPlayer that decodes and draws them on a second canvas.
 *
 * The query string picks `codec`, `frames` and `keyframeInterval`; `window.loopback` settles with
 * what happened, for the test to check.
 */

import { drawAnimation } from "../../src/media/animation.js";
import { VideoPlayer } from "../../src/media/decoder.js";
import { encodeCanvas } from "../../src/media/encoder.js";
import { decodeLoc } from "../../src/media/loc.js";
import type { SkipReason } from "../../src/media/playout.js";
import type { StatsSnapshot } from "../../src/media/stats.js";
import { SubgroupLoopback } from "../support/subgroup-loopback.js";

/** One object as the player received it (IDs as strings: bigints do not cross into the test). */
export interface ReceivedObject {
	readonly group: string;
	readonly object: string;
	/** The number of the frame captured, found by its LOC Timestamp. */
	readonly frame: number;
	readonly keyframe: boolean | null;
	readonly hasConfig: boolean;
	readonly bytes: number;
}

/** What the loopback observed. */
export interface LoopbackResult {
	readonly codec: string;
	readonly received: readonly ReceivedObject[];
	readonly drawn: number;
	readonly skipped: Readonly<Record<SkipReason, number>>;
	readonly stats: StatsSnapshot;
	/** Mean absolute difference per channel between the last frame drawn and the last decoded. */
	readonly meanAbsDiff: number;
	readonly errors: readonly string[];
}

declare global {
	interface Window {
		loopback: Promise<LoopbackResult>;
		/** Luma variance of an image (a screenshot, as a data URL). */
		imageVariance: (dataUrl: string) => Promise<number>;
	}
}

const WIDTH = 320;
const HEIGHT = 240;

async function run(): Promise<LoopbackResult> {
	const params = new URLSearchParams(location.search);
	const codec = params.get("codec") ?? "vp8";
	const frames = Number(params.get("frames") ?? "60");
	const keyframeInterval = Number(params.get("keyframeInterval") ?? "15");
	const source = canvas("source");
	const output = canvas("output");
	const ctx = source.getContext("2d", { willReadFrequently: true });
	if (ctx === null) throw new Error("no 2D context");
	const errors: string[] = [];
	const player = new VideoPlayer({
		canvas: output,
		codec,
		width: WIDTH,
		height: HEIGHT,
		onError: (e) => errors.push(String(e)),
	});
	const loopback = new SubgroupLoopback(19);
	const received: ReceivedObject[] = [];
	const frameAt = new Map<bigint, number>();
	const media = encodeCanvas(source, {
		codec,
		width: WIDTH,
		height: HEIGHT,
		framerate: 30,
		bitrate: 800_000,
		keyframeInterval,
		maxFrames: frames,
		startGroup: 100n,
		draw: (frame, nowMs) => {
			frameAt.set(BigInt(Math.round(nowMs * 1000)), frame);
			drawAnimation(ctx, frame, nowMs);
		},
	});
	for await (const sent of media) {
		for (const o of loopback.send(sent)) {
			const loc = decodeLoc(o);
			received.push({
				group: String(o.group),
				object: String(o.object),
				frame: frameAt.get(loc.timestamp ?? -1n) ?? -1,
				keyframe: loc.keyframe ?? null,
				hasConfig: loc.config !== undefined,
				bytes: o.payload.byteLength,
			});
			player.push(o);
		}
	}
	await player.flush();
	const result: LoopbackResult = {
		codec,
		received,
		drawn: player.drawn,
		skipped: { ...player.skipped },
		stats: player.snapshot(),
		meanAbsDiff: meanAbsDiff(ctx, output),
		errors,
	};
	player.close();
	return result;
}

function canvas(id: string): HTMLCanvasElement {
	const c = document.createElement("canvas");
	c.id = id;
	c.width = WIDTH;
	c.height = HEIGHT;
	document.body.append(c);
	return c;
}

function meanAbsDiff(ctx: CanvasRenderingContext2D, output: HTMLCanvasElement): number {
	const a = ctx.getImageData(0, 0, WIDTH, HEIGHT).data;
	const outCtx = output.getContext("2d");
	if (outCtx === null) throw new Error("no 2D context");
	const b = outCtx.getImageData(0, 0, WIDTH, HEIGHT).data;
	let sum = 0;
	for (let i = 0; i < a.length; i += 4) {
		sum += Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!);
	}
	return sum / ((a.length / 4) * 3);
}

window.imageVariance = async (dataUrl: string): Promise<number> => {
	const image = new Image();
	image.src = dataUrl;
	await image.decode();
	const c = new OffscreenCanvas(image.width, image.height);
	const ctx = c.getContext("2d");
	if (ctx === null) throw new Error("no 2D context");
	ctx.drawImage(image, 0, 0);
	const px = ctx.getImageData(0, 0, image.width, image.height).data;
	let sum = 0;
	let sumSq = 0;
	const n = px.length / 4;
	for (let i = 0; i < px.length; i += 4) {
		const y = 0.299 * px[i]! + 0.587 * px[i + 1]! + 0.114 * px[i + 2]!;
		sum += y;
		sumSq += y * y;
	}
	return sumSq / n - (sum / n) ** 2;
};

window.loopback = run();
