/**
 * A participant's media, published (browser): the MSF `catalog` track (draft-ietf-moq-msf §5) and,
 * while the camera is on, the LOC `video` track of a canvas animation encoded with WebCodecs
 * (draft-ietf-moq-loc §4.2: a Group per keyframe, an Object per frame, subgroup 0).
 *
 * The catalog track exists from the start so that viewers can follow it before any video does:
 * its first Group opens with an independent catalog listing no track; starting the video appends
 * a delta update adding the video track, stopping it one removing it (§5.3 "Delta updates"), all
 * in that Group, which a late viewer's Joining FETCH of offset 0 returns whole. The catalog has a
 * higher publisher priority than the video it describes (§5: "SHOULD").
 *
 * @module
 */

import type { ClientSession, Track } from "@moqt/client";
import { TrackName } from "../chat.js";
import { drawAnimation } from "../media/animation.js";
import { MSF_VERSION } from "../media/catalog.js";
import { CatalogTrackWriter } from "../media/catalog-track.js";
import { encodeCanvas } from "../media/encoder.js";
import type { MediaObject } from "../media/media-object.js";
import { type VideoSettings, videoCatalogTrack } from "../media/video-catalog.js";

/** Publisher priorities (0 is the highest): the catalog before the video. */
const CATALOG_PRIORITY = 16;
const VIDEO_PRIORITY = 64;

/** What the publisher has sent. */
export interface PublishStats {
	readonly codec: string | undefined;
	readonly frames: number;
	readonly groups: number;
	readonly bytes: number;
}

interface Running {
	readonly stop: AbortController;
	readonly track: Track;
	readonly done: Promise<void>;
}

/** The catalog and, while started, the video of one participant. */
export class MediaPublisher {
	readonly catalog: Track;
	readonly #session: ClientSession;
	readonly #namespace: readonly string[];
	readonly #writer = new CatalogTrackWriter();
	#running: Running | undefined;
	#codec: string | undefined;
	#frames = 0;
	#groups = 0;
	#bytes = 0;

	private constructor(session: ClientSession, namespace: readonly string[]) {
		this.#session = session;
		this.#namespace = namespace;
		this.catalog = session.track(namespace, TrackName.CATALOG, { priority: CATALOG_PRIORITY, cache: { groups: 1 } });
	}

	/** Creates the catalog track in `namespace` (which the caller publishes) and sends the empty catalog. */
	static async create(session: ClientSession, namespace: readonly string[]): Promise<MediaPublisher> {
		const publisher = new MediaPublisher(session, namespace);
		await publisher.#send(publisher.#writer.independent({ version: MSF_VERSION, generatedAt: Date.now(), tracks: [] }));
		return publisher;
	}

	/** True while video is published. */
	get publishing(): boolean {
		return this.#running !== undefined;
	}

	/** What was sent since the first start. */
	get stats(): PublishStats {
		return { codec: this.#codec, frames: this.#frames, groups: this.#groups, bytes: this.#bytes };
	}

	/**
	 * Starts capturing `canvas` (drawing the animation on it) and publishing it as `video`;
	 * `onError` hears of an encoding or sending failure, after which the video stops.
	 */
	async start(canvas: HTMLCanvasElement, settings: VideoSettings, onError?: (error: unknown) => void): Promise<void> {
		if (this.#running !== undefined) return;
		const ctx = canvas.getContext("2d");
		if (ctx === null) throw new Error("the source canvas has no 2D context");
		canvas.width = settings.width;
		canvas.height = settings.height;
		const stop = new AbortController();
		const track = this.#session.track(this.#namespace, TrackName.VIDEO, { priority: VIDEO_PRIORITY });
		const media = encodeCanvas(canvas, {
			...settings,
			signal: stop.signal,
			draw: (frame, nowMs) => drawAnimation(ctx, frame, nowMs),
		});
		this.#codec = settings.codec;
		const done = this.#pump(media, track).catch((error: unknown) => {
			if (!stop.signal.aborted) onError?.(error);
		});
		this.#running = { stop, track, done };
		await this.#send(
			this.#writer.delta({
				generatedAt: Date.now(),
				deltaUpdate: [{ op: "add", tracks: [videoCatalogTrack(settings)] }],
			}),
		);
		void done.then(() => {
			if (this.#running?.track === track) void this.stop();
		});
	}

	/** Stops the video: the track ends (PUBLISH_DONE) and the catalog drops it. */
	async stop(): Promise<void> {
		const running = this.#running;
		if (running === undefined) return;
		this.#running = undefined;
		running.stop.abort();
		await running.done;
		await running.track.end().catch(() => undefined);
		await this.#send(
			this.#writer.delta({
				generatedAt: Date.now(),
				deltaUpdate: [{ op: "remove", tracks: [{ name: TrackName.VIDEO }] }],
			}),
		).catch(() => undefined);
	}

	/** Stops everything and ends the catalog track. */
	async close(): Promise<void> {
		await this.stop();
		await this.catalog.end().catch(() => undefined);
	}

	async #pump(media: AsyncIterable<MediaObject>, track: Track): Promise<void> {
		let group: bigint | undefined;
		for await (const o of media) {
			if (group !== o.group) {
				if (group !== undefined)
					void track
						.group(group)
						.end()
						.catch(() => undefined);
				group = o.group;
				this.#groups++;
			}
			await track.write({ group: o.group, object: o.object, properties: o.properties, payload: o.payload });
			this.#frames++;
			this.#bytes += o.payload.byteLength;
		}
		if (group !== undefined) await track.group(group).end();
	}

	async #send(o: MediaObject): Promise<void> {
		await this.catalog.write({ group: o.group, object: o.object, payload: o.payload });
	}
}
