/**
 * A chat room over MoQT, as one participant sees it (the names of `chat.ts`): the participant
 * publishes its namespace `["moqt-demo", room, participant]` (PUBLISH_NAMESPACE) with a `chat`
 * track, watches the room with SUBSCRIBE_NAMESPACE on `["moqt-demo", room]`
 * (draft-ietf-moq-transport-19 §6 "Namespace Discovery") and subscribes to the `chat` track of
 * every other participant announced under it, and to the room's `clock` track once the room's
 * own namespace `["moqt-demo", room]` is announced (the demo server's clock service publishes
 * it while the room has participants).
 *
 * Each chat message is a Group of its own (Object 0), so the Largest Object filter delivers every
 * message sent after the subscription. A participant that leaves (NAMESPACE_DONE, or its
 * subscription ending) is reported once.
 *
 * Runs wherever `@moqt/client` does: the page uses it, and so do the Node.js tests, which join a
 * room next to the browsers.
 *
 * @module
 */

import {
	type ClientSession,
	type ClientSubscription,
	ObjectStatus,
	type Track,
	type TrackNamespace,
} from "@moqt/client";
import {
	type ChatMessage,
	ChatTrackWriter,
	decodeChatMessage,
	participantNamespace,
	roomNamespace,
	TrackName,
} from "../chat.js";

/** Something that happened in the room. */
export type RoomEvent =
	/** Another participant's namespace was announced; its chat is being subscribed to. */
	| { readonly kind: "joined"; readonly participant: string }
	/** That participant's namespace was withdrawn. */
	| { readonly kind: "left"; readonly participant: string }
	/** A chat message, with where it sat in the participant's track. */
	| {
			readonly kind: "chat";
			readonly participant: string;
			readonly message: ChatMessage;
			readonly group: bigint;
			readonly object: bigint;
	  }
	/** A tick of the room's clock. */
	| { readonly kind: "clock"; readonly message: ChatMessage; readonly group: bigint; readonly object: bigint }
	/** A subscription was accepted: `track` is "clock" or a participant's "chat". */
	| { readonly kind: "subscribed"; readonly participant: string | undefined; readonly track: string }
	/** Something failed; the room goes on. */
	| { readonly kind: "error"; readonly where: string; readonly error: unknown };

/** Options of {@link Room.join}. */
export interface RoomOptions {
	readonly room: string;
	/** This participant's name (see `participantNamespace`). */
	readonly participant: string;
	/** Told about everything that happens, in order per track. */
	readonly onEvent?: (event: RoomEvent) => void;
	/** ms to wait for each request's answer (default 10 s). */
	readonly timeout?: number;
}

const decoder = new TextDecoder();

/** One participant's presence in a room. */
export class Room {
	readonly room: string;
	readonly participant: string;
	/** Our namespace, `["moqt-demo", room, participant]`. */
	readonly namespace: readonly string[];
	/** Our chat track. */
	readonly chat: Track;
	readonly #session: ClientSession;
	readonly #emit: (event: RoomEvent) => void;
	readonly #timeout: number;
	readonly #writer = new ChatTrackWriter();
	readonly #subscriptions = new Map<string, ClientSubscription>();
	readonly #participants = new Set<string>();
	#clock: ClientSubscription | undefined;
	// A clock subscription is being made or read.
	#clockActive = false;
	#withdraw: (() => void) | undefined;
	#cancelWatch: (() => void) | undefined;
	#left = false;

	private constructor(session: ClientSession, options: RoomOptions) {
		this.#session = session;
		this.room = options.room;
		this.participant = options.participant;
		this.namespace = participantNamespace(options.room, options.participant);
		this.#emit = options.onEvent ?? (() => undefined);
		this.#timeout = options.timeout ?? 10_000;
		this.chat = session.track(this.namespace, TrackName.CHAT, { cache: { groups: 16 } });
	}

	/**
	 * Publishes this participant's namespace and chat track and starts watching the room.
	 * Throws (a FormatError for a bad name, a RequestError when the relay refuses) before
	 * anything is left behind.
	 */
	static async join(session: ClientSession, options: RoomOptions): Promise<Room> {
		const room = new Room(session, options);
		try {
			const published = await session.publishNamespace(room.namespace, { timeout: room.#timeout });
			room.#withdraw = () => published.withdraw();
			const watch = await session.subscribeNamespace(roomNamespace(options.room), { timeout: room.#timeout });
			room.#cancelWatch = () => watch.cancel();
			void room.#follow(watch);
		} catch (error) {
			await room.leave();
			throw error;
		}
		return room;
	}

	/** The other participants announced now. */
	get participants(): readonly string[] {
		return [...this.#participants];
	}

	/** Sends a chat message (a new Group); resolves once every subscriber's stream took it. */
	async send(text: string): Promise<ChatMessage> {
		const message: ChatMessage = { from: this.participant, text, sentAt: Date.now() };
		const o = this.#writer.write(message);
		await this.chat.write({ group: o.group, object: o.object, payload: o.payload });
		await this.chat.group(o.group).end();
		return message;
	}

	/** Leaves: unsubscribes, ends the chat track and withdraws the namespace. Idempotent. */
	async leave(): Promise<void> {
		if (this.#left) return;
		this.#left = true;
		// Everything the relay is told goes out before the first await, so that a page being
		// closed (pagehide) still sends it.
		this.#cancelWatch?.();
		this.#withdraw?.();
		this.#clock?.unsubscribe();
		for (const subscription of this.#subscriptions.values()) subscription.unsubscribe();
		this.#subscriptions.clear();
		this.#participants.clear();
		await this.chat.end().catch(() => undefined);
	}

	async #follow(watch: AsyncIterable<{ readonly kind: string; readonly suffix: TrackNamespace }>): Promise<void> {
		try {
			for await (const a of watch) {
				if (a.kind !== "namespace" && a.kind !== "namespace-done") continue;
				const fields = a.suffix.map((f) => decoder.decode(f));
				if (fields.length === 0) {
					if (a.kind === "namespace") this.#subscribeClock();
				} else if (fields.length === 1 && fields[0] !== this.participant) {
					const participant = fields[0] as string;
					if (a.kind === "namespace") this.#joined(participant);
					else this.#gone(participant);
				}
			}
		} catch (error) {
			if (!this.#left) this.#emit({ kind: "error", where: "room watch", error });
		}
	}

	#joined(participant: string): void {
		if (this.#participants.has(participant) || this.#left) return;
		this.#participants.add(participant);
		this.#emit({ kind: "joined", participant });
		void this.#readChat(participant);
	}

	#gone(participant: string): void {
		if (!this.#participants.delete(participant)) return;
		this.#subscriptions.get(participant)?.unsubscribe();
		this.#subscriptions.delete(participant);
		this.#emit({ kind: "left", participant });
	}

	async #readChat(participant: string): Promise<void> {
		try {
			const subscription = await this.#session.subscribe(participantNamespace(this.room, participant), TrackName.CHAT, {
				timeout: this.#timeout,
			});
			if (this.#left || !this.#participants.has(participant)) {
				subscription.unsubscribe();
				return;
			}
			this.#subscriptions.set(participant, subscription);
			this.#emit({ kind: "subscribed", participant, track: TrackName.CHAT });
			for await (const o of subscription) {
				if (o.status !== ObjectStatus.NORMAL) continue;
				try {
					const message = decodeChatMessage(o.payload);
					this.#emit({ kind: "chat", participant, message, group: o.group, object: o.object });
				} catch (error) {
					this.#emit({ kind: "error", where: `chat of ${participant}`, error });
				}
			}
		} catch (error) {
			if (!this.#left) this.#emit({ kind: "error", where: `chat of ${participant}`, error });
		}
	}

	#subscribeClock(): void {
		if (this.#clockActive || this.#left) return;
		this.#clockActive = true;
		void (async () => {
			try {
				const clock = await this.#session.subscribe(roomNamespace(this.room), TrackName.CLOCK, {
					timeout: this.#timeout,
				});
				this.#clock = clock;
				if (this.#left) {
					clock.unsubscribe();
					return;
				}
				this.#emit({ kind: "subscribed", participant: undefined, track: TrackName.CLOCK });
				for await (const o of clock) {
					if (o.status !== ObjectStatus.NORMAL) continue;
					this.#emit({ kind: "clock", message: decodeChatMessage(o.payload), group: o.group, object: o.object });
				}
			} catch (error) {
				if (!this.#left) this.#emit({ kind: "error", where: "clock", error });
			} finally {
				// The clock ended (the room emptied for a moment): the next announcement subscribes again.
				this.#clock = undefined;
				this.#clockActive = false;
			}
		})();
	}
}
