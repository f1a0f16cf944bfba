/**
 * The driver that runs an {@link H3Connection} over a raw QUIC connection ({@link QuicSession}),
 * following the contract documented in `connection.ts`: every QUIC event goes into the state
 * machine and every action it returns is carried out on QUIC (RFC 9114 §6 streams, RFC 9297 §2
 * datagrams, draft-ietf-webtrans-http3 §"WebTransport Features" and §"Session Termination").
 *
 * Stream IDs: the state machine allocates them, QUIC opens streams in order, so the QUIC stream
 * for a new ID is opened when the first action names it, in allocation order (a mismatch would
 * corrupt every session, and closes the connection). WebTransport streams are handed to the
 * application as {@link H3SendStream} / {@link H3ReceiveStream}; their data still passes
 * through the state machine, read only as fast as the application reads.
 *
 * A stream is forgotten by the state machine (`streamClosed`) once both QUIC halves are done and
 * it can no longer be delivered later: the peer's WebTransport streams held for a session that is
 * not established yet keep their data in the state machine until they are delivered or refused.
 *
 * @module
 */

import { StreamError, TransportError } from "../errors.js";
import type { QuicSession } from "../quic/session.js";
import type { BidiStream, CloseInfo, ReceiveStream, SendStream, SessionClosed } from "../types.js";
import type { ConnectRequest } from "./connect.js";
import { H3Connection } from "./connection.js";
import type { ConnectOptions, H3Action, H3ConnectionOptions } from "./connection-types.js";
import { H3ErrorCode } from "./errors.js";
import { type ReaderHost, StreamReader } from "./link-reader.js";
import { H3Session, type SessionHost } from "./session.js";
import { H3ReceiveStream, type H3SendStream } from "./session-streams.js";

/** Who is told about sessions coming and going on a link. */
export interface LinkOwner {
	/** Server: a client asks for a session; answer with {@link H3Link.accept} or {@link H3Link.reject}. */
	request?(link: H3Link, sessionId: bigint, request: ConnectRequest): void;
	/** A session (requested or established) ended. */
	sessionEnded?(link: H3Link, sessionId: bigint): void;
}

/** Options of a link. */
export interface H3LinkOptions extends H3ConnectionOptions {
	/** Received datagrams held per session while nobody reads. */
	readonly datagramQueueLength: number;
}

/** What the driver knows about one QUIC stream. */
interface StreamRecord {
	send: SendStream | undefined;
	reader: StreamReader | undefined;
	/** QUIC halves not done yet. */
	halves: number;
	/** False while the state machine may still deliver the stream later (held for a session). */
	settled: boolean;
	/** A CONNECT stream: its end is how the peer acknowledges the end of its session. */
	connect: boolean;
	session: H3Session | undefined;
	sender: H3SendStream | undefined;
	receiver: H3ReceiveStream | undefined;
}

/** A stream of ours that QUIC is still opening, and the actions waiting for it. */
interface Opening {
	readonly actions: H3Action[];
	readonly resolve: (record: StreamRecord) => void;
	readonly reject: (error: unknown) => void;
	readonly ready: Promise<StreamRecord>;
}

/** How long to wait for the peer to end CONNECT streams before the connection is closed. */
const SHUTDOWN_GRACE_MS = 1000;
const EMPTY = new Uint8Array(0);

function ignore(): void {}

/** One HTTP/3 connection over QUIC, carrying WebTransport sessions. */
export class H3Link implements SessionHost, ReaderHost {
	/** The QUIC connection underneath. */
	readonly quic: QuicSession;
	/** The HTTP/3 state machine this link drives. */
	readonly h3: H3Connection;
	readonly #owner: LinkOwner;
	readonly #datagramQueueLength: number;
	readonly #streams = new Map<bigint, StreamRecord>();
	readonly #opening = new Map<bigint, Opening>();
	/** Bit 0 of the IDs of streams we open (RFC 9000 §2.1). */
	readonly #initiator: bigint;
	readonly #nextLocal: { bidi: bigint; uni: bigint };
	readonly #sessions = new Map<bigint, H3Session>();
	readonly #connects = new Map<bigint, { resolve(s: H3Session): void; reject(e: unknown): void }>();
	#connectionError: { code: number; reason: string } | undefined;
	#quicClosed: SessionClosed | undefined;

	constructor(quic: QuicSession, options: H3LinkOptions, owner: LinkOwner = {}) {
		this.quic = quic;
		this.h3 = new H3Connection(options);
		this.#owner = owner;
		this.#datagramQueueLength = options.datagramQueueLength;
		this.#initiator = options.role === "server" ? 1n : 0n;
		this.#nextLocal = { bidi: this.#initiator, uni: 2n + this.#initiator };
	}

	get remoteAddress(): string {
		return this.quic.remoteAddress;
	}

	get datagramRoom(): number {
		return this.quic.datagrams.maxSize;
	}

	/** Opens the control stream and starts reading the peer's streams and datagrams. */
	start(): void {
		this.execute(this.h3.start());
		void this.#acceptStreams(this.quic.incomingBidi).catch(ignore);
		void this.#acceptStreams(this.quic.incomingUni).catch(ignore);
		void this.#readDatagrams().catch(ignore);
		void this.quic.closed.then((info) => this.#quicEnded(info));
	}

	/** Client: asks for a session; resolves once the server accepted it. */
	connect(options: ConnectOptions): Promise<H3Session> {
		const { sessionId, actions } = this.h3.connect(options);
		const ready = new Promise<H3Session>((resolve, reject) => this.#connects.set(sessionId, { resolve, reject }));
		this.execute(actions);
		return ready;
	}

	/** Server: accepts a requested session, answering with `protocol` if given. */
	accept(sessionId: bigint, protocol: string | undefined): H3Session {
		const session = this.#newSession(sessionId, protocol);
		try {
			// Held streams and datagrams are delivered in the same batch, to the session just made.
			this.execute(this.h3.acceptSession(sessionId, { protocol }));
		} catch (cause) {
			this.#sessions.delete(sessionId);
			throw new TransportError("closed", "the client is gone", { cause });
		}
		return session;
	}

	/** Server: refuses a requested session with an HTTP status. */
	reject(sessionId: bigint, status: number): void {
		this.execute(this.h3.rejectSession(sessionId, status));
	}

	/**
	 * Ends every session (with `info`), tells the peer to open no more (server: GOAWAY), waits
	 * for the peer to end the CONNECT streams (or a grace period), and closes the connection.
	 */
	async shutdown(info?: Partial<CloseInfo>): Promise<void> {
		for (const session of [...this.#sessions.values()]) session.close(info);
		if (this.h3.role === "server" && !this.h3.closed) this.execute(this.h3.goaway());
		const waits: Promise<unknown>[] = [];
		for (const { connect, reader } of this.#streams.values()) {
			if (connect && reader && !reader.done) waits.push(reader.finished);
		}
		if (waits.length > 0) {
			let timer: NodeJS.Timeout | undefined;
			const grace = new Promise((resolve) => {
				timer = setTimeout(resolve, SHUTDOWN_GRACE_MS);
				timer.unref();
			});
			await Promise.race([Promise.all(waits), this.quic.closed, grace]);
			clearTimeout(timer);
		}
		// One turn for QUIC to send what is queued (resets, capsules): a close drops it.
		await new Promise((resolve) => setImmediate(resolve));
		this.quic.close({ code: H3ErrorCode.H3_NO_ERROR, reason: "" });
	}

	// ---------------------------------------------------------------- SessionHost

	openStream(sessionId: bigint, bidi: boolean): Promise<{ send: SendStream; reader: StreamReader | undefined }> {
		let opened: { readonly streamId: bigint; readonly actions: H3Action[] };
		try {
			opened = this.h3.openStream(sessionId, bidi);
		} catch (error) {
			return Promise.reject(error);
		}
		// The header write names the new ID, which starts opening the QUIC stream.
		this.execute(opened.actions);
		const opening = this.#opening.get(opened.streamId);
		if (opening === undefined) return Promise.reject(new TransportError("closed", "the connection is closed"));
		return opening.ready.then((record) => ({ send: record.send as SendStream, reader: record.reader }));
	}

	sendDatagram(sessionId: bigint, payload: Uint8Array): boolean {
		let sent = false;
		for (const action of this.h3.sendDatagram(sessionId, payload)) {
			if (action.type === "send-datagram") sent = this.quic.datagrams.send(action.data);
			else this.#act(action);
		}
		return sent;
	}

	closeSession(sessionId: bigint, code: number, reason: string): void {
		this.execute(this.h3.closeSession(sessionId, code, reason));
	}

	resetStream(id: bigint, code: number): void {
		this.execute(this.h3.resetStream(id, code));
	}

	stopSending(id: bigint, code: number): void {
		this.execute(this.h3.stopSending(id, code));
	}

	adopt(session: H3Session, stream: H3SendStream | H3ReceiveStream): void {
		const record = this.#streams.get(stream.id);
		if (record === undefined) return;
		record.session = session;
		if (stream instanceof H3ReceiveStream) record.receiver = stream;
		else record.sender = stream;
	}

	// ---------------------------------------------------------------- ReaderHost

	readData(id: bigint, chunk: Uint8Array): void {
		this.execute(this.h3.receive(id, chunk, false));
	}

	readEnd(id: bigint): void {
		this.execute(this.h3.receive(id, EMPTY, true));
		this.#halfDone(id, "receive");
	}

	readFailed(id: bigint, error: unknown): void {
		const record = this.#streams.get(id);
		if (StreamError.isInstance(error) && error.kind === "reset") {
			if (error.errorCode === H3ErrorCode.WT_SESSION_GONE) record?.receiver?.fail(new StreamError("session-closed"));
			this.execute(this.h3.receiveReset(id, error.errorCode ?? H3ErrorCode.H3_NO_ERROR));
		} else {
			// We stopped the stream (its receiver already failed), or the connection is gone.
			record?.receiver?.fail(new StreamError("session-closed"));
		}
		this.#halfDone(id, "receive");
	}

	// ---------------------------------------------------------------- actions

	/** Carries out the state machine's actions, in order. */
	execute(actions: readonly H3Action[]): void {
		for (const action of actions) this.#act(action);
	}

	#act(action: H3Action): void {
		switch (action.type) {
			case "write": {
				const send = this.#sendSide(action.streamId, action);
				if (send === undefined) return;
				if (action.data.byteLength > 0) send.write(action.data).catch(ignore);
				if (action.fin) send.finish().catch(ignore);
				return;
			}
			case "reset-stream": {
				const send = this.#sendSide(action.streamId, action);
				this.#settle(action.streamId);
				if (send === undefined) return;
				const { code } = action;
				if (action.reliableSize === 0) {
					send.reset(code);
					return;
				}
				// quiche has no RESET_STREAM_AT, and RESET_STREAM drops whatever was not sent yet: our
				// stream's header must leave in the flush this turn, or the peer cannot tell which
				// session the reset is for. The flush was scheduled by the write, so it runs first.
				setImmediate(() => send.reset(code));
				return;
			}
			case "stop-sending": {
				if (this.#queued(action.streamId, action)) return;
				this.#settle(action.streamId);
				this.#streams.get(action.streamId)?.reader?.stop(action.code);
				return;
			}
			case "close-connection":
				this.#connectionError = { code: action.code, reason: action.reason };
				this.quic.close({ code: action.code, reason: action.reason });
				return;
			case "send-datagram":
				this.quic.datagrams.send(action.data);
				return;
			case "session-request": {
				const record = this.#streams.get(action.sessionId);
				if (record) record.connect = true;
				this.#settle(action.sessionId);
				this.#owner.request?.(this, action.sessionId, action.request);
				return;
			}
			case "session-ready": {
				const session = this.#newSession(action.sessionId, action.protocol);
				this.#connects.get(action.sessionId)?.resolve(session);
				this.#connects.delete(action.sessionId);
				return;
			}
			case "session-refused": {
				const error = new TransportError("connect-failed", `WebTransport session refused: ${action.reason}`);
				this.#connects.get(action.sessionId)?.reject(error);
				this.#connects.delete(action.sessionId);
				this.#owner.sessionEnded?.(this, action.sessionId);
				return;
			}
			case "session-closed":
				this.#sessions.get(action.sessionId)?.end(this.#closeInfo(action));
				this.#sessions.delete(action.sessionId);
				this.#owner.sessionEnded?.(this, action.sessionId);
				return;
			case "incoming-stream":
				this.#incoming(action.sessionId, action.streamId);
				return;
			case "stream-data":
				this.#streams.get(action.streamId)?.receiver?.deliver(action.data, action.fin);
				if (action.fin) this.#settle(action.streamId);
				return;
			case "stream-reset":
				this.#streams.get(action.streamId)?.receiver?.fail(new StreamError("reset", action.code));
				return;
			case "stream-stop-sending":
				this.#streams.get(action.streamId)?.sender?.fail(new StreamError("stop-sending", action.code));
				return;
			case "datagram":
				this.#sessions.get(action.sessionId)?.receiveDatagram(action.payload);
				return;
			case "settings":
			case "goaway":
			case "session-draining":
				// Nothing to do here: the state machine already applies them to sessions.
				return;
		}
	}

	/** The send half for an action; undefined when the stream is gone or still opening (queued). */
	#sendSide(id: bigint, action: H3Action): SendStream | undefined {
		const record = this.#streams.get(id);
		if (record !== undefined) return record.send;
		if (this.#queued(id, action)) return undefined;
		const kind = (id & 2n) === 0n ? "bidi" : "uni";
		if ((id & 1n) === this.#initiator && id >= this.#nextLocal[kind]) this.#openLocal(id, kind).actions.push(action);
		return undefined;
	}

	/** True (and the action queued) when stream `id` is still being opened. */
	#queued(id: bigint, action: H3Action): boolean {
		const opening = this.#opening.get(id);
		opening?.actions.push(action);
		return opening !== undefined;
	}

	#openLocal(id: bigint, kind: "bidi" | "uni"): Opening {
		this.#nextLocal[kind] = id + 4n;
		let settle!: Pick<Opening, "resolve" | "reject">;
		const ready = new Promise<StreamRecord>((resolve, reject) => {
			settle = { resolve, reject };
		});
		ready.catch(ignore);
		const opening: Opening = { actions: [], ready, ...settle };
		this.#opening.set(id, opening);
		const quic: Promise<BidiStream | SendStream> = kind === "bidi" ? this.quic.openBidi() : this.quic.openUni();
		quic.then(
			(stream) => this.#opened(id, stream, opening),
			(error) => {
				this.#opening.delete(id);
				opening.reject(error);
			},
		);
		return opening;
	}

	#opened(id: bigint, stream: BidiStream | SendStream, opening: Opening): void {
		this.#opening.delete(id);
		const bidi = "writable" in stream;
		const send = bidi ? stream.writable : stream;
		if (send.id !== id) {
			// QUIC and the state machine disagree on stream IDs: no stream header can be trusted.
			const reason = `QUIC opened stream ${send.id} where HTTP/3 expected ${id}`;
			this.quic.close({ code: H3ErrorCode.H3_INTERNAL_ERROR, reason });
			opening.reject(new TransportError("protocol", reason));
			return;
		}
		const record = this.#track(id, send, bidi ? stream.readable : undefined, true);
		// Our CONNECT stream carries capsules for the session's whole life; our other bidirectional
		// streams are WebTransport streams, read when the application reads.
		if (this.#connects.has(id)) {
			record.connect = true;
			record.reader?.pump();
		}
		this.execute(opening.actions);
		opening.resolve(record);
	}

	#track(id: bigint, send: SendStream | undefined, receive: ReceiveStream | undefined, settled: boolean): StreamRecord {
		const record: StreamRecord = {
			send,
			reader: receive && new StreamReader(id, receive, this),
			halves: (send ? 1 : 0) + (receive ? 1 : 0),
			settled,
			connect: false,
			session: undefined,
			sender: undefined,
			receiver: undefined,
		};
		this.#streams.set(id, record);
		send?.closed.then(
			() => this.#halfDone(id, "send"),
			(error: unknown) => this.#sendFailed(id, error),
		);
		return record;
	}

	#sendFailed(id: bigint, error: unknown): void {
		if (StreamError.isInstance(error) && error.kind === "stop-sending") {
			if (error.errorCode === H3ErrorCode.WT_SESSION_GONE) {
				this.#streams.get(id)?.sender?.fail(new StreamError("session-closed"));
			}
			this.execute(this.h3.receiveStopSending(id, error.errorCode ?? H3ErrorCode.H3_NO_ERROR));
		}
		this.#halfDone(id, "send");
	}

	#halfDone(id: bigint, half: "send" | "receive"): void {
		const record = this.#streams.get(id);
		if (record === undefined) return;
		record.halves--;
		const stream = half === "send" ? record.sender : record.receiver;
		if (stream) record.session?.release(stream);
		this.#forgetIfDone(id, record);
	}

	/** The state machine will not deliver stream `id` later (it was delivered, refused or is ours). */
	#settle(id: bigint): void {
		const record = this.#streams.get(id);
		if (record === undefined || record.settled) return;
		record.settled = true;
		this.#forgetIfDone(id, record);
	}

	#forgetIfDone(id: bigint, record: StreamRecord): void {
		if (record.halves > 0 || !record.settled) return;
		this.#streams.delete(id);
		this.h3.streamClosed(id);
	}

	// ---------------------------------------------------------------- peer streams, datagrams, sessions

	async #acceptStreams(incoming: AsyncIterable<BidiStream | ReceiveStream>): Promise<void> {
		for await (const stream of incoming) {
			const id = stream.id as bigint;
			const record =
				"writable" in stream
					? this.#track(id, stream.writable, stream.readable, false)
					: this.#track(id, undefined, stream, false);
			record.reader?.pump();
		}
	}

	async #readDatagrams(): Promise<void> {
		for await (const datagram of this.quic.datagrams.incoming) this.execute(this.h3.receiveDatagram(datagram));
	}

	/** The peer's WebTransport stream joins an established session: it is the application's now. */
	#incoming(sessionId: bigint, id: bigint): void {
		const record = this.#streams.get(id);
		const session = this.#sessions.get(sessionId);
		if (record?.reader === undefined || session === undefined) return;
		record.reader.stopPumping();
		session.incoming(id, record.reader, record.send);
		// A held stream that already ended has its data (and FIN) delivered by the actions that
		// follow in this batch: it is settled by the last of them.
		if (!record.reader.done) this.#settle(id);
	}

	#newSession(sessionId: bigint, protocol: string | undefined): H3Session {
		const session = new H3Session(this, { sessionId, protocol, datagramQueueLength: this.#datagramQueueLength });
		this.#sessions.set(sessionId, session);
		return session;
	}

	#quicEnded(info: SessionClosed): void {
		this.#quicClosed = info;
		this.execute(this.h3.connectionClosed());
		const error = new TransportError("closed", "the connection is closed");
		for (const opening of this.#opening.values()) opening.reject(error);
		this.#opening.clear();
	}

	/** How a session ended, as the application sees it. */
	#closeInfo(action: Extract<H3Action, { type: "session-closed" }>): SessionClosed {
		const { code, reason, remote } = action;
		if (action.clean) return { code, reason, remote };
		const quic = this.#quicClosed;
		if (quic !== undefined) {
			// A connection closed without error ends its sessions as a bare FIN would (code 0).
			if (quic.transportError === undefined && quic.code === H3ErrorCode.H3_NO_ERROR) {
				return { code: 0, reason: "", remote: quic.remote };
			}
			return { ...quic, transportError: quic.transportError ?? "transport-error" };
		}
		const error = this.#connectionError;
		if (error !== undefined) return { ...error, remote: false, transportError: "transport-error" };
		return { code: 0, reason, remote, transportError: "transport-error" };
	}
}
