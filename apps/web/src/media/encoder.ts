/**
 * Browser side of publishing: capture a canvas at the frame rate, encode with WebCodecs'
 * VideoEncoder and package every chunk as a LOC object (draft-ietf-moq-loc §2.1 "Video Payload
 * Format", §2.3 "LOC Properties", §4.2 "Application with one single quality video track"):
 *
 * - a keyframe is requested every `keyframeInterval` frames, and every keyframe the encoder
 *   produces, requested or not, opens a new MOQT Group; each frame is one Object;
 * - the LOC Timestamp is the capture time in wall-clock microseconds (no Timescale), which lets
 *   a subscriber measure latency; the Video Frame Marking says keyframe or not;
 * - H.264 is produced in the "canonical" avc format, its avcC going out as the LOC Video Config
 *   on every keyframe so that a subscriber joining at any Group can configure its decoder; VP8,
 *   VP9 and AV1 have no such configuration.
 *
 * The result is an async iterable of {@link MediaObject}s in order, which a MoQT publisher writes
 * to the video track, one subgroup stream per Group. Stopping the iteration, or the signal,
 * stops the capture.
 *
 * @module
 */

import { AsyncQueue } from "./async-queue.js";
import { encodeLoc } from "./loc.js";
import { GroupSequencer, type MediaObject } from "./media-object.js";
import type { VideoSettings } from "./video-catalog.js";

/** Options of {@link encodeCanvas}. */
export interface EncodeCanvasOptions extends VideoSettings {
	/**
	 * Draws frame number `frame` on the canvas just before it is captured at wall-clock `nowMs`,
	 * which, in microseconds and rounded, becomes the frame's LOC Timestamp.
	 */
	readonly draw?: (frame: number, nowMs: number) => void;
	/** Stop after this many frames (default: until stopped). */
	readonly maxFrames?: number;
	/** The first Group ID; the wall clock in milliseconds by default (draft-ietf-moq-msf §6.1). */
	readonly startGroup?: bigint;
	/** "realtime" (the default) lets the encoder drop frames to hold the bitrate and latency down. */
	readonly latencyMode?: LatencyMode;
	/** Stops the capture. */
	readonly signal?: AbortSignal;
}

/** The first of `codecs` this browser can both encode and decode at `settings`, if any. */
export async function pickVideoCodec(codecs: readonly string[], settings: VideoSettings): Promise<string | undefined> {
	for (const codec of codecs) {
		const encode = await VideoEncoder.isConfigSupported(encoderConfig({ ...settings, codec }, "realtime"));
		const decode = await VideoDecoder.isConfigSupported({
			codec,
			codedWidth: settings.width,
			codedHeight: settings.height,
		});
		if (encode.supported === true && decode.supported === true) return codec;
	}
	return undefined;
}

/** Captures `canvas` and yields its frames as LOC objects, Group by Group. */
export function encodeCanvas(
	canvas: HTMLCanvasElement | OffscreenCanvas,
	options: EncodeCanvasOptions,
): AsyncIterable<MediaObject> {
	const stop = new AbortController();
	const queue = new AsyncQueue<MediaObject>(() => stop.abort());
	const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
	const sequencer = new GroupSequencer(options.startGroup);
	let description: Uint8Array | undefined;
	const encoder = new VideoEncoder({
		output: (chunk, metadata) => {
			const keyframe = chunk.type === "key";
			// The encoder reports its configuration only when it changes; every keyframe repeats it.
			const reported = metadata?.decoderConfig?.description;
			if (reported !== undefined) description = bytesOf(reported);
			const at = sequencer.next(keyframe);
			if (at === undefined) return;
			const data = new Uint8Array(chunk.byteLength);
			chunk.copyTo(data);
			const loc = encodeLoc({
				timestamp: BigInt(chunk.timestamp),
				keyframe,
				...(keyframe && description !== undefined && { config: description }),
				data,
			});
			queue.push({ ...at, properties: loc.properties, payload: loc.payload });
		},
		error: (e) => {
			queue.fail(e);
			stop.abort();
		},
	});
	encoder.configure(encoderConfig(options, options.latencyMode ?? "realtime"));
	capture(canvas, encoder, options, signal).then(
		() => queue.end(),
		(e: unknown) => queue.fail(e),
	);
	return queue;
}

function encoderConfig(v: VideoSettings, latencyMode: LatencyMode): VideoEncoderConfig {
	return {
		codec: v.codec,
		width: v.width,
		height: v.height,
		bitrate: v.bitrate,
		framerate: v.framerate,
		latencyMode,
		// Parameter sets in the LOC Video Config rather than in-band (LOC §2.1.2).
		...(v.codec.startsWith("avc1") && { avc: { format: "avc" } }),
	};
}

async function capture(
	canvas: HTMLCanvasElement | OffscreenCanvas,
	encoder: VideoEncoder,
	options: EncodeCanvasOptions,
	signal: AbortSignal,
): Promise<void> {
	const period = 1000 / options.framerate;
	let due = performance.now();
	try {
		for (let i = 0; !signal.aborted && (options.maxFrames === undefined || i < options.maxFrames); i++) {
			const nowMs = performance.timeOrigin + performance.now();
			options.draw?.(i, nowMs);
			const frame = new VideoFrame(canvas, { timestamp: Math.round(nowMs * 1000) });
			encoder.encode(frame, { keyFrame: i % options.keyframeInterval === 0 });
			frame.close();
			// An encoder that falls behind delays the capture rather than queueing frames without end.
			while (encoder.encodeQueueSize > 2 && !signal.aborted) await dequeued(encoder, signal);
			due = Math.max(due + period, performance.now());
			await sleep(due - performance.now(), signal);
		}
		if (!signal.aborted) await encoder.flush();
	} finally {
		if (encoder.state !== "closed") encoder.close();
	}
}

function dequeued(encoder: VideoEncoder, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			encoder.removeEventListener("dequeue", done);
			signal.removeEventListener("abort", done);
			resolve();
		};
		encoder.addEventListener("dequeue", done);
		signal.addEventListener("abort", done);
	});
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			signal.removeEventListener("abort", done);
			resolve();
		};
		const timer = setTimeout(done, Math.max(0, ms));
		signal.addEventListener("abort", done);
	});
}

function bytesOf(source: AllowSharedBufferSource): Uint8Array {
	if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength).slice();
	return new Uint8Array(source).slice();
}
