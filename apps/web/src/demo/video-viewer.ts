/**
 * Watching a participant's video (browser): follow its MSF catalog (`catalog-watch.ts`); when the
 * catalog lists a LOC video track, SUBSCRIBE to it and feed its objects to a `VideoPlayer`
 * (WebCodecs' VideoDecoder, drawing on a canvas); when the track leaves the catalog or changes,
 * stop and, if need be, start again with the new one.
 *
 * The subscription uses the Largest Object filter, so playback starts at the next keyframe (the
 * next Group, draft-ietf-moq-loc §4.2); the objects before it are counted as skipped.
 *
 * @module
 */

import { type ClientSession, type ClientSubscription, ObjectStatus, RequestError } from "@moqt/client";
import type { CatalogTrack } from "../media/catalog.js";
import { VideoPlayer } from "../media/decoder.js";
import type { SkipReason } from "../media/playout.js";
import type { StatsSnapshot } from "../media/stats.js";
import { videoTrackOf } from "../media/video-catalog.js";
import { watchCatalog } from "./catalog-watch.js";

/** What a viewer shows. */
export interface ViewerStats {
	/** The video track playing, from the catalog. */
	readonly track: string | undefined;
	readonly codec: string | undefined;
	/** Catalogs received. */
	readonly catalogs: number;
	/** The participant publishes no catalog (its catalog subscription was refused with DOES_NOT_EXIST). */
	readonly noCatalog: boolean;
	/** Video objects received, over every track played. */
	readonly received: number;
	/** Frames drawn. */
	readonly drawn: number;
	readonly skipped: Readonly<Record<SkipReason, number>>;
	/** Objects/s and latency of the drawn frames. */
	readonly stats: StatsSnapshot | undefined;
}

/** Options of a {@link VideoViewer}. */
export interface VideoViewerOptions {
	readonly canvas: HTMLCanvasElement;
	/** Told after every frame drawn and every catalog. */
	readonly onUpdate?: (stats: ViewerStats) => void;
	/** Told about failures (a refused subscription, a decoder error); the viewer goes on. */
	readonly onError?: (where: string, error: unknown) => void;
}

interface Playing {
	readonly track: CatalogTrack;
	readonly player: VideoPlayer;
	readonly subscription: Promise<ClientSubscription | undefined>;
}

const NO_SKIPS: Record<SkipReason, number> = { malformed: 0, "no-keyframe": 0, gap: 0, late: 0 };

/** Plays the video a participant's catalog lists. */
export class VideoViewer {
	readonly #session: ClientSession;
	readonly #namespace: readonly string[];
	readonly #options: VideoViewerOptions;
	#playing: Playing | undefined;
	#closed = false;
	readonly #stop = new AbortController();
	#catalogs = 0;
	#noCatalog = false;
	#received = 0;
	// Counts of the players that ended, so the totals survive a track change.
	#drawnBefore = 0;
	#skippedBefore = { ...NO_SKIPS };
	#last: StatsSnapshot | undefined;

	constructor(session: ClientSession, namespace: readonly string[], options: VideoViewerOptions) {
		this.#session = session;
		this.#namespace = namespace;
		this.#options = options;
		void this.#follow();
	}

	/** What the viewer has seen so far. */
	get stats(): ViewerStats {
		const p = this.#playing;
		const skipped = { ...this.#skippedBefore };
		if (p !== undefined) for (const k of Object.keys(skipped) as SkipReason[]) skipped[k] += p.player.skipped[k];
		return {
			track: p?.track.name,
			codec: p?.track.codec,
			catalogs: this.#catalogs,
			noCatalog: this.#noCatalog,
			received: this.#received,
			drawn: this.#drawnBefore + (p?.player.drawn ?? 0),
			skipped,
			stats: p?.player.snapshot() ?? this.#last,
		};
	}

	/** Stops watching. Idempotent. */
	close(): void {
		this.#closed = true;
		this.#stop.abort();
		this.#stopPlaying();
	}

	async #follow(): Promise<void> {
		const catalogs = watchCatalog(this.#session, this.#namespace, {
			onFetchError: (error) => this.#options.onError?.("catalog fetch", error),
			signal: this.#stop.signal,
		});
		try {
			for await (const catalog of catalogs) {
				if (this.#closed) break;
				this.#catalogs++;
				const track = videoTrackOf(catalog);
				const current = this.#playing?.track;
				if (current !== undefined && (track === undefined || !sameTrack(current, track))) this.#stopPlaying();
				if (track !== undefined && this.#playing === undefined) this.#play(track);
				this.#update();
			}
		} catch (error) {
			// A participant without media (a chat-only client) has no catalog track: nothing to show.
			if (isDoesNotExist(error)) this.#noCatalog = true;
			else if (!this.#closed) this.#options.onError?.("catalog", error);
			this.#update();
		} finally {
			this.#stopPlaying();
		}
	}

	#play(track: CatalogTrack): void {
		const codec = track.codec;
		if (codec === undefined) return;
		const player = new VideoPlayer({
			canvas: this.#options.canvas,
			codec,
			...(track.width !== undefined && { width: track.width }),
			...(track.height !== undefined && { height: track.height }),
			onError: (error) => this.#options.onError?.("decoder", error),
			onFrame: () => this.#update(),
		});
		const subscription = this.#session
			.subscribe(this.#namespace, track.name, { priority: 64, timeout: 10_000 })
			.catch((error: unknown) => {
				this.#options.onError?.(`subscribing to ${track.name}`, error);
				return undefined;
			});
		const playing: Playing = { track, player, subscription };
		this.#playing = playing;
		void (async () => {
			const s = await subscription;
			if (s === undefined) return;
			if (this.#playing !== playing) {
				s.unsubscribe();
				return;
			}
			for await (const o of s) {
				// Stopped (the track left the catalog): objects still on their way are not for this player.
				if (this.#playing !== playing) break;
				if (o.status !== ObjectStatus.NORMAL) continue;
				this.#received++;
				player.push(o);
			}
		})().catch((error: unknown) => this.#options.onError?.(`video ${track.name}`, error));
	}

	#stopPlaying(): void {
		const p = this.#playing;
		if (p === undefined) return;
		this.#playing = undefined;
		this.#last = p.player.snapshot();
		this.#drawnBefore += p.player.drawn;
		for (const k of Object.keys(this.#skippedBefore) as SkipReason[]) this.#skippedBefore[k] += p.player.skipped[k];
		p.player.close();
		void p.subscription.then((s) => s?.unsubscribe());
	}

	#update(): void {
		this.#options.onUpdate?.(this.stats);
	}
}

function isDoesNotExist(error: unknown): boolean {
	return error instanceof RequestError && error.codeName !== undefined && error.codeName.endsWith("DOES_NOT_EXIST");
}

function sameTrack(a: CatalogTrack, b: CatalogTrack): boolean {
	return (
		a.name === b.name &&
		a.codec === b.codec &&
		a.width === b.width &&
		a.height === b.height &&
		a.namespace === b.namespace
	);
}
