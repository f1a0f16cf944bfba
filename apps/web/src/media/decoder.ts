/**
 * Browser side of playing: LOC video objects in, frames drawn on a canvas out, through WebCodecs'
 * VideoDecoder (draft-ietf-moq-loc §2.1 "Video Payload Format", §2.3 "LOC Properties", §4.2:
 * objects are decoded in Group then Object order, starting at a Group's independent frame).
 *
 * `playout.ts` decides which objects may be decoded and when to (re)configure; this module runs
 * the decoder, draws what it outputs and measures objects per second and latency (capture time
 * from the LOC Timestamp to the moment the frame is drawn). After a decoder error it starts a new
 * decoder at the next keyframe instead of stopping.
 *
 * @module
 */

import type { MediaObject } from "./media-object.js";
import { type DecodeStep, Playout, type SkipReason, type SkipStep } from "./playout.js";
import { MediaStats, type StatsSnapshot } from "./stats.js";

/** Options of a {@link VideoPlayer}. */
export interface VideoPlayerOptions {
	/** Where frames are drawn, scaled to the canvas size. */
	readonly canvas: HTMLCanvasElement | OffscreenCanvas;
	/** The track's codec string, from the catalog. */
	readonly codec: string;
	/** The coded size, from the catalog, when known. */
	readonly width?: number;
	readonly height?: number;
	/** Told about every decoder error (the player recovers at the next keyframe). */
	readonly onError?: (error: unknown) => void;
	/** Told after every frame drawn. */
	readonly onFrame?: (stats: StatsSnapshot) => void;
}

/** Decodes LOC video objects and draws them. */
export class VideoPlayer {
	/** Frames drawn so far. */
	drawn = 0;
	/** Objects not decoded, by reason. */
	readonly skipped: Record<SkipReason, number> = { malformed: 0, "no-keyframe": 0, gap: 0, late: 0 };
	private readonly options: VideoPlayerOptions;
	private readonly ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
	private readonly playout = new Playout();
	private readonly stats = new MediaStats();
	// Capture time of each chunk in the decoder, by its timestamp, until its frame comes out.
	private readonly captured = new Map<number, number | undefined>();
	private decoder: VideoDecoder;

	constructor(options: VideoPlayerOptions) {
		this.options = options;
		const ctx = options.canvas.getContext("2d");
		if (ctx === null) throw new Error("the player's canvas has no 2D context");
		this.ctx = ctx as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
		this.decoder = this.createDecoder();
	}

	/** Takes the next object of the track; returns what became of it. */
	push(o: MediaObject): DecodeStep | SkipStep {
		if (this.decoder.state === "closed") {
			// A new decoder knows nothing: it starts at the next keyframe, configured afresh.
			this.playout.reset();
			this.captured.clear();
			this.decoder = this.createDecoder();
		}
		const step = this.playout.accept(o);
		if (step.kind === "skip") {
			this.skipped[step.reason] += 1;
			return step;
		}
		if (step.configure) {
			this.decoder.configure({
				codec: this.options.codec,
				...(this.options.width !== undefined && { codedWidth: this.options.width }),
				...(this.options.height !== undefined && { codedHeight: this.options.height }),
				...(step.description !== undefined && { description: step.description }),
				optimizeForLatency: true,
			});
		}
		this.captured.set(step.timestampUs, step.captureMs);
		this.decoder.decode(new EncodedVideoChunk({ type: step.type, timestamp: step.timestampUs, data: step.data }));
		return step;
	}

	/** Objects per second and latency, as of now. */
	snapshot(): StatsSnapshot {
		return this.stats.snapshot(wallClockNow());
	}

	/** Waits until every frame decoded so far is drawn. */
	async flush(): Promise<void> {
		if (this.decoder.state === "configured") await this.decoder.flush();
	}

	/** Stops decoding. */
	close(): void {
		if (this.decoder.state !== "closed") this.decoder.close();
	}

	private createDecoder(): VideoDecoder {
		const decoder = new VideoDecoder({
			output: (frame) => this.draw(frame),
			error: (e) => {
				// The decoder is closed now; the next keyframe gets a new one, freshly configured
				// (unless a new one already took over).
				if (this.decoder === decoder) {
					this.playout.reset();
					this.captured.clear();
				}
				this.options.onError?.(e);
			},
		});
		return decoder;
	}

	private draw(frame: VideoFrame): void {
		const { width, height } = this.options.canvas;
		this.ctx.drawImage(frame, 0, 0, width, height);
		const captureMs = this.captured.get(frame.timestamp);
		this.captured.delete(frame.timestamp);
		frame.close();
		this.drawn += 1;
		this.stats.record(wallClockNow(), captureMs);
		this.options.onFrame?.(this.stats.snapshot(wallClockNow()));
	}
}

function wallClockNow(): number {
	return performance.timeOrigin + performance.now();
}
