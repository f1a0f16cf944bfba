/**
 * The rooms' clock: a MoQT session (of the demo server, to its relay) that watches
 * `["moqt-demo"]` with SUBSCRIBE_NAMESPACE (draft-ietf-moq-transport-19 §6 "Namespace Discovery")
 * and, while a room has participants (`["moqt-demo", room, participant]` announced), publishes
 * the room's namespace `["moqt-demo", room]` with its `clock` track: a message a second, a Group a
 * minute (`ClockTrackWriter` of chat.ts). When the last participant leaves, the track ends and the
 * namespace is withdrawn.
 *
 * @module
 */

import type { ClientSession, PublishedNamespace, Track, TrackNamespace } from "@moqt/client";
import { ClockTrackWriter, DEMO_NAMESPACE, roomNamespace, TrackName } from "../chat.js";

interface ClockRoom {
	readonly participants: Set<string>;
	readonly track: Track;
	readonly writer: ClockTrackWriter;
	readonly published: Promise<PublishedNamespace | undefined>;
	group: bigint | undefined;
}

/** Options of {@link ClockService.start}. */
export interface ClockServiceOptions {
	/** ms between checks of the clock (default 200: a tick reaches subscribers within that of the second). */
	readonly pollMs?: number;
	/** Told about rooms opening and closing, and about failures. */
	readonly log?: (line: string) => void;
}

const decoder = new TextDecoder();

/** Publishes a clock in every room that has participants. */
export class ClockService {
	readonly #session: ClientSession;
	readonly #rooms = new Map<string, ClockRoom>();
	readonly #log: (line: string) => void;
	readonly #timer: ReturnType<typeof setInterval>;
	#cancel: (() => void) | undefined;
	#stopped = false;

	private constructor(session: ClientSession, options: ClockServiceOptions) {
		this.#session = session;
		this.#log = options.log ?? (() => undefined);
		this.#timer = setInterval(() => this.#tick(), options.pollMs ?? 200);
	}

	/** Starts watching for rooms on `session`. */
	static async start(session: ClientSession, options: ClockServiceOptions = {}): Promise<ClockService> {
		const service = new ClockService(session, options);
		try {
			const watch = await session.subscribeNamespace([DEMO_NAMESPACE], { timeout: 10_000 });
			service.#cancel = () => watch.cancel();
			void service.#follow(watch);
		} catch (error) {
			await service.stop();
			throw error;
		}
		return service;
	}

	/** The rooms with a clock now. */
	get rooms(): readonly string[] {
		return [...this.#rooms.keys()];
	}

	/** Stops watching and ends every clock. Idempotent. */
	async stop(): Promise<void> {
		if (this.#stopped) return;
		this.#stopped = true;
		clearInterval(this.#timer);
		this.#cancel?.();
		await Promise.all([...this.#rooms.keys()].map((room) => this.#close(room)));
	}

	async #follow(watch: AsyncIterable<{ readonly kind: string; readonly suffix: TrackNamespace }>): Promise<void> {
		try {
			for await (const a of watch) {
				// Participants are ["moqt-demo", room, participant]; our own rooms have one field less.
				if (a.suffix.length !== 2 || (a.kind !== "namespace" && a.kind !== "namespace-done")) continue;
				const [room, participant] = a.suffix.map((f) => decoder.decode(f)) as [string, string];
				if (a.kind === "namespace") this.#joined(room, participant);
				else this.#left(room, participant);
			}
		} catch (error) {
			if (!this.#stopped) this.#log(`clock: the room watch failed: ${(error as Error).message}`);
		}
	}

	#joined(room: string, participant: string): void {
		if (this.#stopped) return;
		const existing = this.#rooms.get(room);
		if (existing !== undefined) {
			existing.participants.add(participant);
			return;
		}
		let namespace: readonly string[];
		try {
			namespace = roomNamespace(room);
		} catch {
			return; // not a room name of the demo
		}
		const track = this.#session.track(namespace, TrackName.CLOCK, { priority: 32 });
		const published = this.#session.publishNamespace(namespace, { timeout: 10_000 }).catch((error: unknown) => {
			this.#log(`clock: publishing ${room} failed: ${(error as Error).message}`);
			return undefined;
		});
		this.#rooms.set(room, {
			participants: new Set([participant]),
			track,
			writer: new ClockTrackWriter(),
			published,
			group: undefined,
		});
		this.#log(`clock: room ${room} opened`);
		this.#tick();
	}

	#left(room: string, participant: string): void {
		const entry = this.#rooms.get(room);
		if (entry === undefined) return;
		entry.participants.delete(participant);
		if (entry.participants.size === 0) void this.#close(room);
	}

	async #close(room: string): Promise<void> {
		const entry = this.#rooms.get(room);
		if (entry === undefined) return;
		this.#rooms.delete(room);
		this.#log(`clock: room ${room} closed`);
		await entry.track.end().catch(() => undefined);
		(await entry.published)?.withdraw();
	}

	#tick(): void {
		const now = Date.now();
		for (const [room, entry] of this.#rooms) {
			const o = entry.writer.tick(now);
			if (o === undefined) continue;
			const previous = entry.group;
			entry.group = o.group;
			void (async () => {
				if (previous !== undefined && previous !== o.group) await entry.track.group(previous).end();
				await entry.track.write({ group: o.group, object: o.object, payload: o.payload });
			})().catch((error: unknown) => {
				if (!entry.track.ended) this.#log(`clock: writing to ${room} failed: ${(error as Error).message}`);
			});
		}
	}
}
