/**
 * The driver: runs a {@link SessionCore} over a transport session. It opens and accepts the
 * control stream(s), pumps every control and request stream through a `ControlStreamDecoder` into
 * the core, performs the core's transmits on the streams, keeps one timer at the core's next
 * deadline, maps stream and session ends into the core, and hands the core's events to the
 * session layer in order.
 *
 * Streams by draft (draft-ietf-moq-transport-14 §3.3 and -16 §3.3 "Session initialization": "The
 * first stream opened is a client-initiated bidirectional control stream"; -18/-19 §3.3: "Each
 * peer opens one control stream beginning with a SETUP message", a unidirectional stream whose
 * type is SETUP's, -19 §3.4 "Unidirectional Stream Types"; request streams are bidirectional and
 * "begin with one of these seven message types"). An unknown unidirectional stream type closes the
 * session (-19 §3.4: "MUST close the session"); so does a second control stream.
 *
 * Send orders (-19 §7.2: "the control streams SHOULD be prioritized highest, followed by the bidi
 * request streams and then all subscribed Objects"): the control stream above request streams,
 * both above every data stream (the data plane's send orders are negative).
 *
 * Re-entrancy: the session layer may issue commands while it handles an event (a handler that
 * accepts a request at once). Commands only queue outputs in the core; {@link Driver.flush} runs
 * one loop at a time and a nested call just asks the running loop to go round again, so outputs
 * are performed, and events delivered, strictly in the core's order.
 *
 * @module
 */

import { type ControlMessage, ControlStreamDecoder, type Draft, TerminationCode, type WireLimits } from "@moqt/wire";
import type { SessionCore, SessionEvent, Transmit } from "../core/index.js";
import { streamFailure } from "../data/transport.js";
import { Channel, type ChannelStreams } from "./channel.js";
import { clearTimer, monotonicNow, setTimer, type TimerHandle } from "./platform.js";
import type { MoqtTransport, TransportBidiStream, TransportClosed, TransportReceiveStream } from "./transport.js";

/** Send order of the control stream(s): above everything. */
const CONTROL_SEND_ORDER = 2 ** 40;
/** Send order of request streams: below the control stream, above all data (negative). */
const REQUEST_SEND_ORDER = 2 ** 39;

/** Where the driver delivers what is not control traffic: the data plane. */
export interface DataPlaneInput {
	/**
	 * A unidirectional stream the peer opened. The data plane reads its type; a -17+ control stream
	 * comes back through {@link Driver.controlStream}.
	 */
	stream(stream: TransportReceiveStream): void;
	/** A datagram. */
	datagram(payload: Uint8Array): void;
}

/** Who sees the driver's output. */
export interface DriverSink {
	/** A core event, in order. */
	event(event: SessionEvent): void;
	/** A control message decoded on a channel ("in") or sent on one ("out"), before the core acts on it. */
	message?(direction: "in" | "out", channel: number, message: ControlMessage): void;
}

/** Options of a {@link Driver}. */
export interface DriverOptions {
	readonly draft: Draft;
	/** Limits for the control message decoders. */
	readonly limits?: Partial<WireLimits>;
}

/** Runs one session core over one transport session. */
export class Driver {
	readonly core: SessionCore;
	readonly #transport: MoqtTransport;
	readonly #draft: Draft;
	readonly #limits: Partial<WireLimits> | undefined;
	readonly #channels = new Map<number, Channel>();
	#sink: DriverSink | undefined;
	#timer: TimerHandle | undefined;
	#timerAt: number | undefined;
	#flushing = false;
	#again = false;
	#stopped = false;
	/** drafts 14 and 16, server: the client's control stream, bound to the first bidi stream. */
	#bindControl: ((stream: TransportBidiStream) => void) | undefined;
	/** drafts 17+: the peer's control stream arrived. */
	#peerControl = false;
	/** How the transport ended, once it has. */
	transportClosed: TransportClosed | undefined;

	constructor(transport: MoqtTransport, core: SessionCore, options: DriverOptions) {
		this.#transport = transport;
		this.core = core;
		this.#draft = options.draft;
		this.#limits = options.limits;
	}

	/** The core's clock. */
	now(): number {
		return monotonicNow();
	}

	/** True once the session has closed and the driver let go of the transport. */
	get stopped(): boolean {
		return this.#stopped;
	}

	/** Starts: opens or awaits the control stream, accepts streams and datagrams, sends our setup. */
	start(sink: DriverSink, data: DataPlaneInput): void {
		this.#sink = sink;
		this.#openControl();
		void this.#acceptBidi();
		void this.#acceptUni(data);
		void this.#acceptDatagrams(data);
		void this.#transport.closed.then((info) => {
			this.transportClosed = info;
			this.core.sessionClosed(info.code, info.reason, this.now());
			this.flush();
		});
		this.flush();
	}

	/** Channels with a stream (tests, leak checks). */
	get channels(): number {
		return this.#channels.size;
	}

	/** Writes a message on a channel without the core knowing (the session's escape hatch). */
	sendRaw(channel: number, message: ControlMessage, bytes: Uint8Array): boolean {
		const ch = this.#channels.get(channel);
		if (ch === undefined || this.#stopped) return false;
		this.#sink?.message?.("out", channel, message);
		ch.write(bytes);
		return true;
	}

	/** Performs the core's transmits and delivers its events until it has none left. */
	flush(): void {
		if (this.#flushing) {
			this.#again = true;
			return;
		}
		this.#flushing = true;
		try {
			do {
				this.#again = false;
				for (let t = this.core.pollTransmit(); t !== undefined; t = this.core.pollTransmit()) this.#perform(t);
				for (let e = this.core.pollEvent(); e !== undefined; e = this.core.pollEvent()) {
					if (e.kind === "closed") this.#stop();
					this.#sink?.event(e);
				}
			} while (this.#again);
		} finally {
			this.#flushing = false;
		}
		this.#armTimer();
	}

	// Transmits.

	#perform(t: Transmit): void {
		switch (t.kind) {
			case "send":
				this.#sink?.message?.("out", t.channel, t.message);
				this.#channels.get(t.channel)?.write(t.bytes);
				return;
			case "open":
				this.#sink?.message?.("out", t.channel, t.message);
				this.#openRequest(t.channel).write(t.bytes);
				return;
			case "fin":
				this.#channels.get(t.channel)?.finish();
				return;
			case "reset":
				this.#channels.get(t.channel)?.reset(t.code);
				return;
			case "stop-sending":
				this.#channels.get(t.channel)?.stopSending(t.code);
				return;
			case "close":
				this.#transport.close({ code: t.code, reason: t.reason });
				return;
		}
	}

	// Channels.

	#openControl(): void {
		const transport = this.#transport;
		const options = { sendOrder: CONTROL_SEND_ORDER };
		let streams: Promise<ChannelStreams>;
		if (this.#draft >= 17) {
			// Ours is a unidirectional stream; the peer's arrives among the incoming ones.
			streams = transport.openUni(options).then((send) => ({ send }));
		} else if (this.core.role === "client") {
			streams = transport.openBidi(options).then((bidi) => {
				void this.#pump(0, bidi.readable);
				return { send: bidi.writable, recv: bidi.readable };
			});
		} else {
			streams = new Promise((resolve) => {
				this.#bindControl = (bidi) => {
					bidi.writable.sendOrder = CONTROL_SEND_ORDER;
					void this.#pump(0, bidi.readable);
					resolve({ send: bidi.writable, recv: bidi.readable });
				};
			});
		}
		this.#addChannel(0, streams);
	}

	#openRequest(channel: number): Channel {
		const opening = this.#transport.openBidi({ sendOrder: REQUEST_SEND_ORDER }).then((bidi) => {
			void this.#pump(channel, bidi.readable);
			return { send: bidi.writable, recv: bidi.readable };
		});
		return this.#addChannel(channel, opening);
	}

	#addChannel(channel: number, streams: Promise<ChannelStreams>): Channel {
		const ch = new Channel(streams, () => this.#channels.delete(channel));
		this.#channels.set(channel, ch);
		// A STOP_SENDING from the peer shows as the failure of our sending half.
		void streams.then(
			(s) => s.send?.closed.catch((error: unknown) => this.#sendFailed(channel, ch, error)),
			() => undefined,
		);
		return ch;
	}

	#sendFailed(channel: number, ch: Channel, error: unknown): void {
		ch.sendFailed();
		const failure = streamFailure(error);
		if (failure?.kind !== "stop-sending" || this.#stopped) return;
		// The peer may answer and then stop reading (REQUEST_ERROR or PUBLISH_DONE, FIN, STOP_SENDING:
		// @moq/net does). Its answer was received first, but the transport reports STOP_SENDING on the
		// sending half, which can overtake the read pump of the receiving half by a few microtasks:
		// waiting one macrotask lets the pump hand over the bytes already received first.
		setTimer(() => {
			if (this.#stopped) return;
			this.core.channelEvent(channel, { kind: "stop-sending", code: failure.code ?? 0 }, this.now());
			this.flush();
		}, 0);
	}

	// Incoming streams.

	async #acceptBidi(): Promise<void> {
		for await (const bidi of this.#transport.incomingBidi) {
			if (this.#stopped) return;
			const bind = this.#bindControl;
			if (bind !== undefined) {
				this.#bindControl = undefined;
				bind(bidi);
				continue;
			}
			const channel = this.core.channelOpened(this.now());
			bidi.writable.sendOrder = REQUEST_SEND_ORDER;
			this.#addChannel(channel, Promise.resolve({ send: bidi.writable, recv: bidi.readable }));
			void this.#pump(channel, bidi.readable);
			this.flush();
		}
	}

	async #acceptUni(data: DataPlaneInput): Promise<void> {
		for await (const stream of this.#transport.incomingUni) {
			if (this.#stopped) return;
			data.stream(stream);
		}
	}

	async #acceptDatagrams(data: DataPlaneInput): Promise<void> {
		for await (const datagram of this.#transport.datagrams.incoming) {
			if (this.#stopped) return;
			data.datagram(datagram);
		}
	}

	/** The peer's control stream (draft-17+), found among its unidirectional streams, with the bytes read. */
	controlStream(stream: TransportReceiveStream, head: Uint8Array): void {
		if (this.#stopped) return;
		if (this.#peerControl) {
			this.fail(TerminationCode.PROTOCOL_VIOLATION, "a second control stream");
			return;
		}
		this.#peerControl = true;
		this.#channels.get(0)?.attachReceive(stream);
		void this.#pump(0, stream, head);
	}

	/** Closes the session for a fault found outside the core (a malformed stream). */
	fail(code: number, reason: string): void {
		if (this.#stopped) return;
		this.core.close(code, reason, this.now());
		this.flush();
	}

	/** Reads a control or request stream into the core until it ends. */
	async #pump(channel: number, stream: TransportReceiveStream, head?: Uint8Array): Promise<void> {
		const decoder = new ControlStreamDecoder(this.#draft, this.#limits === undefined ? {} : { limits: this.#limits });
		try {
			if (head !== undefined && !this.#deliver(channel, decoder, head)) return;
			for (;;) {
				const chunk = await stream.read();
				if (this.#stopped) return;
				if (chunk === undefined) {
					this.#channels.get(channel)?.received();
					this.core.channelEvent(channel, { kind: "fin" }, this.now());
					this.flush();
					return;
				}
				if (!this.#deliver(channel, decoder, chunk)) return;
			}
		} catch (error) {
			this.#channels.get(channel)?.received();
			const failure = streamFailure(error);
			if (failure === undefined) throw error;
			if (failure.kind !== "reset" || this.#stopped) return;
			this.core.channelEvent(channel, { kind: "reset", code: failure.code ?? 0 }, this.now());
			this.flush();
		}
	}

	// Decodes a chunk into the core; false once the stream must not be read further.
	#deliver(channel: number, decoder: ControlStreamDecoder, chunk: Uint8Array): boolean {
		let messages: ControlMessage[];
		try {
			messages = decoder.push(chunk);
		} catch (error) {
			const code = (error as { terminationCode?: number }).terminationCode ?? TerminationCode.PROTOCOL_VIOLATION;
			this.fail(code, errorText(error));
			return false;
		}
		for (const message of messages) {
			this.#sink?.message?.("in", channel, message);
			this.core.receive(channel, message, this.now());
			this.flush();
			if (this.#stopped) return false;
		}
		return true;
	}

	// Timer.

	#armTimer(): void {
		const at = this.#stopped ? undefined : this.core.pollTimeout();
		if (at === this.#timerAt) return;
		if (this.#timer !== undefined) clearTimer(this.#timer);
		this.#timer = undefined;
		this.#timerAt = at;
		if (at === undefined) return;
		this.#timer = setTimer(
			() => {
				this.#timer = undefined;
				this.#timerAt = undefined;
				this.core.timeout(this.now());
				this.flush();
			},
			Math.max(0, at - this.now()),
		);
	}

	// Ending.

	// The core closed: nothing more is read or timed. The transport closes every stream.
	#stop(): void {
		this.#stopped = true;
		this.#channels.clear();
		if (this.#timer !== undefined) clearTimer(this.#timer);
		this.#timer = undefined;
		this.#timerAt = undefined;
	}
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
