/**
 * A sans-I/O HTTP/3 connection carrying WebTransport sessions (RFC 9114 with RFC 9204 QPACK,
 * RFC 9220 extended CONNECT, RFC 9297 datagrams and capsules, draft-ietf-webtrans-http3). The
 * HTTP/3 plumbing is in `connection-core.ts`; this file is the WebTransport layer.
 *
 * ## Contract
 *
 * The driver owns the QUIC connection and only moves bytes. It feeds what QUIC reports into
 * the inputs below and carries out the {@link H3Action}s each call returns, in order:
 *
 * | Input                                   | When                                                |
 * |-----------------------------------------|-----------------------------------------------------|
 * | `start()`                               | once, when the handshake completes                  |
 * | `receive(streamId, data, fin)`          | bytes (possibly none, with FIN) arrived on a stream |
 * | `receiveReset(streamId, code)`          | the peer sent RESET_STREAM                          |
 * | `receiveStopSending(streamId, code)`    | the peer sent STOP_SENDING                          |
 * | `receiveDatagram(payload)`              | a QUIC DATAGRAM frame arrived                       |
 * | `streamClosed(streamId)`                | QUIC forgot a stream (both directions done)         |
 * | `connectionClosed()`                    | the QUIC connection is gone                         |
 *
 * Application calls, which also return actions: `connect` (client), `acceptSession` /
 * `rejectSession` (server), `openStream`, `resetStream`, `stopSending`, `sendDatagram`,
 * `closeSession`, `drainSession`, `goaway`. Data on WebTransport streams is written by the
 * driver directly, after the header `openStream` returns.
 *
 * Stream IDs are allocated here (client bidi 0, 4, …; uni 2, 6, …; server 1, 5, … / 3, 7, …),
 * as with QUIC stacks where the application picks the ID of a new stream (quiche). A `write`
 * to a new ID opens that stream. The driver must check the peer's stream limits before
 * `connect` and `openStream`. Byte arrays in actions may be views of the input chunks, so pass
 * chunks that are not reused.
 *
 * Errors: connection errors become one `close-connection` action (after which every input
 * returns nothing); stream errors become `reset-stream` / `stop-sending` actions. Misuse by the
 * application (accepting an unknown session, opening a stream on a session that is not
 * established) throws an Error.
 *
 * What this layer does not do: QPACK dynamic table (we advertise capacity 0), server push (never
 * enabled), WebTransport flow control (never enabled, so one session per connection by default;
 * flow control capsules are ignored), priorities. Plain HTTP requests are answered with 405.
 *
 * @module
 */

import { type Capsule, CapsuleDecoder, encodeCapsule } from "./capsules.js";
import { ChunkBuffer } from "./chunk-buffer.js";
import {
	buildConnectRequest,
	buildConnectResponse,
	type ConnectRequest,
	parseConnectResponse,
	validateConnectRequest,
} from "./connect.js";
import { H3ConnectionCore } from "./connection-core.js";
import type {
	ConnectStreamEnd,
	Phase,
	RequestStream,
	Session,
	SessionEnd,
	Stream,
	WtStream,
} from "./connection-state.js";
import type { ConnectOptions, H3Action, H3ConnectionOptions } from "./connection-types.js";
import { decodeDatagram, encodeDatagram } from "./datagram.js";
import { webTransportCodeToHttp } from "./error-mapping.js";
import { H3Error, H3ErrorCode } from "./errors.js";
import { encodeFrame, encodeHeadersFrame, FrameType, type H3Frame } from "./frames.js";
import { decodeFieldSection, encodeFieldSection } from "./qpack.js";
import { webTransportGeneration, webTransportRequirementsUnmet } from "./settings.js";
import { encodeWebTransportBidiHeader, encodeWebTransportUniHeader } from "./stream-types.js";
import { WtStreams } from "./wt-streams.js";

/** One HTTP/3 connection's protocol state. See the module documentation for the contract. */
export class H3Connection extends H3ConnectionCore {
	private readonly maxCapsuleSize: number;
	private readonly maxSessions: number;
	private readonly sessions = new Map<bigint, Session>();
	private readonly wt: WtStreams;

	constructor(options: H3ConnectionOptions) {
		super(options);
		this.maxCapsuleSize = options.maxCapsuleSize ?? 65536;
		this.maxSessions = options.maxSessions ?? 1;
		const host = {
			role: this.role,
			streams: this.streams,
			sessions: this.sessions,
			emit: (a: H3Action) => this.emit(a),
		};
		this.wt = new WtStreams(host, {
			maxStreams: options.maxBufferedStreams ?? 16,
			maxBytes: options.maxBufferedBytes ?? 1 << 20,
			maxDatagrams: options.maxBufferedDatagrams ?? 16,
		});
	}

	/** A QUIC DATAGRAM frame arrived. */
	receiveDatagram(datagram: Uint8Array): H3Action[] {
		return this.run(() => {
			const { sessionId, payload } = decodeDatagram(datagram);
			this.wt.datagram(sessionId, payload);
		});
	}

	// ---------------------------------------------------------------- application calls

	/** Client: opens a session. The CONNECT waits for the server's SETTINGS if need be. */
	connect(options: ConnectOptions): { readonly sessionId: bigint; readonly actions: H3Action[] } {
		if (this.role !== "client") throw new Error("only a client connects");
		if (this.goawayReceived !== undefined) throw new Error("the server sent GOAWAY: open a new connection");
		if (!options.path.startsWith("/")) throw new RangeError("the path must start with /");
		const sessionId = this.allocate(true);
		const actions = this.run(() => {
			const session = this.newSession(sessionId, undefined, options);
			this.streams.set(sessionId, { kind: "request", frames: this.requestDecoder(), session });
			if (this.peerSettings !== undefined) this.sendConnect(session);
		});
		return { sessionId, actions };
	}

	/** Server: accepts a requested session, naming one of its offered protocols if chosen. */
	acceptSession(sessionId: bigint, options?: { readonly protocol?: string }): H3Action[] {
		const session = this.sessionIn(sessionId, "pending");
		const request = session.request!;
		const protocol = options?.protocol;
		if (protocol !== undefined && !request.protocols.includes(protocol)) {
			throw new RangeError(`protocol ${protocol} was not offered`);
		}
		return this.run(() => {
			const fields = buildConnectResponse({ status: 200, protocol, draft02: request.draft02 });
			this.write(sessionId, encodeHeadersFrame(encodeFieldSection(fields)));
			session.phase = "established";
			this.wt.flush(session);
			// Capsules the client sent before our answer are read now.
			const early = session.early.take();
			this.wt.held.unreserve(early.length);
			const st = this.streams.get(sessionId);
			if (early.length > 0 && st?.kind === "request") {
				this.guardStream(sessionId, st, () => this.capsuleBytes(session, early));
			}
		});
	}

	/** Server: refuses a requested session with an HTTP status (default 404). */
	rejectSession(sessionId: bigint, status = 404): H3Action[] {
		const session = this.sessionIn(sessionId, "pending");
		if (status < 300) throw new RangeError(`a refusal needs a status of 300 or more, got ${status}`);
		return this.run(() => {
			this.respondAndStop(sessionId, status);
			this.endSession(session, { code: 0, reason: `refused with ${status}`, remote: false, clean: true }, "none");
		});
	}

	/** Opens a WebTransport stream on an established session; its header is the first write. */
	openStream(sessionId: bigint, bidi: boolean): { readonly streamId: bigint; readonly actions: H3Action[] } {
		const session = this.sessionIn(sessionId, "established");
		const streamId = this.allocate(bidi);
		const actions = this.run(() => {
			const header = bidi ? encodeWebTransportBidiHeader(sessionId) : encodeWebTransportUniHeader(sessionId);
			const st: WtStream = { kind: "wt", sessionId, bidi, local: true, headerLength: header.length, held: undefined };
			this.streams.set(streamId, st);
			session.streams.add(streamId);
			this.write(streamId, header);
		});
		return { streamId, actions };
	}

	/** Resets our sending side of a WebTransport stream with a 32-bit application code. */
	resetStream(streamId: bigint, code: number): H3Action[] {
		const h3 = webTransportCodeToHttp(code);
		return this.run(() => {
			const st = this.streams.get(streamId);
			if (st?.kind !== "wt") return;
			this.emit({ type: "reset-stream", streamId, code: h3, reliableSize: st.local ? st.headerLength : 0 });
		});
	}

	/** Asks the peer to stop sending on a WebTransport stream, with a 32-bit application code. */
	stopSending(streamId: bigint, code: number): H3Action[] {
		const h3 = webTransportCodeToHttp(code);
		return this.run(() => {
			if (this.streams.get(streamId)?.kind === "wt") this.emit({ type: "stop-sending", streamId, code: h3 });
		});
	}

	/** Sends a datagram on an established session; on any other session it is dropped. */
	sendDatagram(sessionId: bigint, payload: Uint8Array): H3Action[] {
		return this.run(() => {
			if (this.sessions.get(sessionId)?.phase !== "established") return;
			this.emit({ type: "send-datagram", data: encodeDatagram(sessionId, payload) });
		});
	}

	/**
	 * Ends a session: an established one with WT_CLOSE_SESSION (code, reason ≤ 1024 bytes) and FIN;
	 * one still being set up by cancelling its CONNECT. Emits session-closed (or, for a client
	 * session not yet established, session-refused) with `remote: false`.
	 */
	closeSession(sessionId: bigint, code = 0, reason = ""): H3Action[] {
		const session = this.sessions.get(sessionId);
		if (session === undefined) throw new Error(`no session ${sessionId}`);
		const capsule = encodeCapsule({ type: "close-session", code, reason });
		return this.run(() => {
			if (session.phase === "closed") return;
			if (session.phase === "established") {
				this.writeCapsule(sessionId, capsule, true);
			} else if (session.phase === "waiting-settings" && this.role === "client") {
				// Nothing was sent: the stream was never opened.
				this.streams.delete(sessionId);
			} else {
				this.refuseRequestStream(sessionId, H3ErrorCode.H3_REQUEST_CANCELLED);
			}
			this.endSession(session, { code, reason, remote: false, clean: true }, "none");
		});
	}

	/** Asks the peer to wind an established session down (WT_DRAIN_SESSION). */
	drainSession(sessionId: bigint): H3Action[] {
		this.sessionIn(sessionId, "established");
		return this.run(() => this.writeCapsule(sessionId, encodeCapsule({ type: "drain-session" }), false));
	}

	// ---------------------------------------------------------------- hooks of the HTTP/3 layer

	protected override peerSettingsArrived(): void {
		for (const session of this.sessions.values()) {
			if (session.phase !== "waiting-settings") continue;
			if (this.role === "client") this.sendConnect(session);
			else this.offerSession(session);
		}
	}

	/** Client: sessions at or above the server's GOAWAY ID will not be processed (RFC 9114 §5.2). */
	protected override goawayArrived(id: bigint): void {
		for (const session of this.sessions.values()) {
			if (session.id < id || (session.phase !== "waiting-settings" && session.phase !== "requested")) continue;
			if (session.phase === "requested") this.refuseRequestStream(session.id, H3ErrorCode.H3_REQUEST_CANCELLED);
			else this.streams.delete(session.id);
			this.endSession(session, { code: 0, reason: "the server sent GOAWAY", remote: true, clean: false }, "none");
		}
	}

	protected override streamData(id: bigint, st: RequestStream | WtStream, data: Uint8Array, fin: boolean): void {
		if (st.kind === "request") this.guardStream(id, st, () => this.requestData(id, st, data, fin));
		else this.wt.data(id, st, data, fin);
	}

	protected override streamReset(id: bigint, st: RequestStream | WtStream, code: bigint | number): void {
		if (st.kind === "wt") {
			this.wt.reset(id, st, code);
			return;
		}
		this.streams.set(id, { kind: "ignored" });
		const end = { code: 0, reason: "CONNECT stream reset", remote: true, clean: false };
		if (st.session !== undefined) this.endSession(st.session, end, "reset");
	}

	protected override streamStopped(id: bigint, st: RequestStream | WtStream, code: bigint | number): void {
		if (st.kind === "wt") {
			this.wt.stopped(id, st, code);
			return;
		}
		this.streams.set(id, { kind: "ignored" });
		if (st.session === undefined) {
			this.resetPlain(id, H3ErrorCode.H3_REQUEST_CANCELLED);
			return;
		}
		// The peer no longer reads the CONNECT stream: the session is over, and all we may do is
		// reset our side (draft-ietf-webtrans-http3 §"Session Termination").
		const end = { code: 0, reason: "CONNECT stream stopped", remote: true, clean: false };
		this.endSession(st.session, end, "reset");
	}

	protected override streamForgotten(id: bigint, st: Stream): void {
		if (st.kind === "wt") this.wt.forget(id, st);
	}

	protected override endAllSessions(remote: boolean, reason: string): void {
		for (const session of this.sessions.values()) {
			this.endSession(session, { code: 0, reason, remote, clean: false }, "none");
		}
	}

	// ---------------------------------------------------------------- request and CONNECT streams

	private requestData(id: bigint, st: RequestStream, data: Uint8Array, fin: boolean): void {
		for (const frame of st.frames.push(data)) {
			this.requestFrame(id, st, frame);
			if (this.streams.get(id) !== st) return;
		}
		if (!fin) return;
		st.frames.end();
		const session = st.session;
		if (session === undefined) {
			// RFC 9114 §4.1.2: a request stream that ends before a complete request.
			this.streams.set(id, { kind: "ignored" });
			this.resetPlain(id, H3ErrorCode.H3_REQUEST_INCOMPLETE);
			return;
		}
		if (session.phase === "established") session.capsules.end();
		if (session.phase === "requested") {
			this.endSession(
				session,
				{ code: 0, reason: "stream ended before a response", remote: true, clean: false },
				"none",
			);
			return;
		}
		// A clean end of the CONNECT stream ends the session as WT_CLOSE_SESSION(0, "") would.
		this.endSession(session, { code: 0, reason: "", remote: true, clean: true }, "fin");
	}

	private requestFrame(id: bigint, st: RequestStream, frame: H3Frame): void {
		const session = st.session;
		switch (frame.type) {
			case "headers":
				if (this.role === "server") {
					if (session !== undefined) throw new H3Error("H3_FRAME_UNEXPECTED", "HEADERS after the CONNECT request");
					this.onRequest(id, st, frame.block);
				} else {
					if (session?.phase !== "requested") throw new H3Error("H3_FRAME_UNEXPECTED", "HEADERS after the response");
					this.onResponse(id, session, frame.block);
				}
				return;
			case "data":
				if (session === undefined || session.phase === "requested") {
					throw new H3Error("H3_FRAME_UNEXPECTED", "DATA before HEADERS");
				}
				this.capsuleBytes(session, frame.data);
				return;
			case "push-promise":
				if (this.role === "server") throw new H3Error("H3_FRAME_UNEXPECTED", "PUSH_PROMISE from a client");
				throw new H3Error("H3_ID_ERROR", "PUSH_PROMISE without MAX_PUSH_ID");
			default:
				return;
		}
	}

	/** Server: a request's HEADERS. */
	private onRequest(id: bigint, st: RequestStream, block: Uint8Array): void {
		const fields = decodeFieldSection(block, { maxFieldSectionSize: this.maxFieldSectionSize });
		const validation = validateConnectRequest(fields);
		if (!validation.ok) {
			this.respondAndStop(id, validation.status);
			this.wt.abandonOrphans(id);
			return;
		}
		if (this.activeSessions() >= this.maxSessions) {
			// Without flow control, excess sessions are reset (draft-ietf-webtrans-http3
			// §"Negotiating the Use of Flow Control").
			this.refuseRequestStream(id, H3ErrorCode.H3_REQUEST_REJECTED);
			this.wt.abandonOrphans(id);
			return;
		}
		const session = this.newSession(id, validation.request, undefined);
		st.session = session;
		this.wt.adoptOrphans(session);
		// Draft versions: no WebTransport request is processed before the client's SETTINGS
		// (draft-ietf-webtrans-http3 §"Negotiating the Draft Version").
		if (this.peerSettings !== undefined) this.offerSession(session);
	}

	/** Server: hands a request to the application once the client's SETTINGS allow it. */
	private offerSession(session: Session): void {
		const unmet = webTransportRequirementsUnmet(this.peerSettings!, "client");
		if (unmet !== undefined) {
			// Sessions on a connection without the required SETTINGS are malformed requests.
			this.refuseRequestStream(session.id, H3ErrorCode.H3_MESSAGE_ERROR);
			this.endSession(session, { code: 0, reason: unmet, remote: false, clean: false }, "none");
			return;
		}
		session.phase = "pending";
		this.emit({ type: "session-request", sessionId: session.id, request: session.request! });
	}

	/** Client: sends the CONNECT once the server's SETTINGS are known. */
	private sendConnect(session: Session): void {
		const settings = this.peerSettings!;
		const unmet = webTransportRequirementsUnmet(settings, "server");
		if (unmet !== undefined) {
			this.streams.delete(session.id);
			this.endSession(session, { code: 0, reason: unmet, remote: true, clean: false }, "none");
			return;
		}
		const generation = webTransportGeneration(settings)!;
		const fields = buildConnectRequest({ ...session.connect!, generation });
		this.write(session.id, encodeHeadersFrame(encodeFieldSection(fields)));
		session.phase = "requested";
	}

	/** Client: the response's HEADERS. */
	private onResponse(id: bigint, session: Session, block: Uint8Array): void {
		const fields = decodeFieldSection(block, { maxFieldSectionSize: this.maxFieldSectionSize });
		const { status, protocol } = parseConnectResponse(fields);
		if (status === 101) throw new H3Error("H3_MESSAGE_ERROR", "101 is not allowed in HTTP/3", "stream");
		if (status < 200) return; // interim response: the final one follows
		if (status >= 300) {
			this.write(id, new Uint8Array(0), true);
			this.emit({ type: "stop-sending", streamId: id, code: H3ErrorCode.H3_NO_ERROR });
			this.streams.set(id, { kind: "ignored" });
			const end = { code: 0, reason: `the server answered ${status}`, remote: true, clean: true, status };
			this.endSession(session, end, "none");
			return;
		}
		const offered = session.connect?.protocols ?? [];
		if (protocol !== undefined && !offered.includes(protocol)) {
			// draft-ietf-webtrans-http3 §"Application Protocol Negotiation".
			this.refuseRequestStream(id, H3ErrorCode.WT_ALPN_ERROR);
			const reason = `the server chose ${protocol}, which was not offered`;
			this.endSession(session, { code: 0, reason, remote: false, clean: false, status }, "none");
			return;
		}
		session.phase = "established";
		this.emit({ type: "session-ready", sessionId: id, protocol });
		this.wt.flush(session);
	}

	/** Bytes of the capsule stream (DATA payloads) of a CONNECT stream. */
	private capsuleBytes(session: Session, bytes: Uint8Array): void {
		if (bytes.length === 0) return;
		const afterClose = () => new H3Error("H3_MESSAGE_ERROR", "data after WT_CLOSE_SESSION", "stream");
		switch (session.phase) {
			case "waiting-settings":
			case "pending":
				// A server must not read capsules before it accepts (draft-ietf-webtrans-http3
				// §"Creating a New Session"): hold them, within the buffer budget.
				if (!this.wt.held.reserve(bytes.length)) {
					throw new H3Error("H3_EXCESSIVE_LOAD", "too many bytes before the session was accepted", "stream");
				}
				session.early.push(bytes);
				return;
			case "closed":
				if (session.closedByCapsule) throw afterClose();
				return;
			default:
				for (const capsule of session.capsules.push(bytes)) {
					if (session.closedByCapsule) throw afterClose();
					this.onCapsule(session, capsule);
				}
				if (session.closedByCapsule && !session.capsules.atBoundary) throw afterClose();
		}
	}

	private onCapsule(session: Session, capsule: Capsule): void {
		switch (capsule.type) {
			case "datagram":
				this.emit({ type: "datagram", sessionId: session.id, payload: capsule.payload });
				return;
			case "close-session":
				session.closedByCapsule = true;
				this.endSession(session, { code: capsule.code, reason: capsule.reason, remote: true, clean: true }, "fin");
				return;
			case "drain-session":
				this.emit({ type: "session-draining", sessionId: session.id });
				return;
			default:
				// Flow control capsules: flow control is never enabled here, so they are ignored
				// (draft-ietf-webtrans-http3 §"Negotiating the Use of Flow Control").
				return;
		}
	}

	private writeCapsule(sessionId: bigint, capsule: Uint8Array, fin: boolean): void {
		this.write(sessionId, encodeFrame(FrameType.DATA, capsule), fin);
	}

	protected override wtStreamStarted(
		id: bigint,
		sessionId: bigint,
		bidi: boolean,
		rest: Uint8Array,
		fin: boolean,
	): void {
		if (this.role === "client" && !this.allocatedBidi(sessionId)) {
			throw new H3Error("H3_ID_ERROR", `stream ${id} names session ${sessionId}, which we never opened`);
		}
		this.wt.start(id, sessionId, bidi, rest, fin);
	}

	// ---------------------------------------------------------------- sessions

	private newSession(id: bigint, request: ConnectRequest | undefined, connect: ConnectOptions | undefined): Session {
		const session: Session = {
			id,
			phase: "waiting-settings",
			request,
			connect,
			capsules: new CapsuleDecoder({ maxCapsuleSize: this.maxCapsuleSize }),
			early: new ChunkBuffer(),
			streams: new Set(),
			closedByCapsule: false,
		};
		this.sessions.set(id, session);
		return session;
	}

	/**
	 * Ends a session once: tells the application (unless it never heard of it), closes our side of
	 * the CONNECT stream as asked, and stops every WebTransport stream of the session with
	 * WT_SESSION_GONE (draft-ietf-webtrans-http3 §"Session Termination").
	 */
	private endSession(session: Session, end: SessionEnd, connectStream: ConnectStreamEnd): void {
		const was = session.phase;
		if (was === "closed") return;
		session.phase = "closed";
		const id = session.id;
		if (this.role === "client" && was !== "established") {
			this.emit({ type: "session-refused", sessionId: id, status: end.status, reason: end.reason });
		} else if (was !== "waiting-settings") {
			const { code, reason, remote, clean } = end;
			this.emit({ type: "session-closed", sessionId: id, code, reason, remote, clean });
		}
		this.wt.held.unreserve(session.early.take().length);
		this.wt.held.takeDatagrams(id);
		if (this.dead) return;
		if (connectStream === "reset" || (connectStream === "fin" && was !== "established" && this.role === "server")) {
			// A server that has not answered cannot end the stream with FIN.
			this.resetPlain(id, H3ErrorCode.WT_SESSION_GONE);
		} else if (connectStream === "fin") {
			this.write(id, new Uint8Array(0), true);
		}
		for (const sid of session.streams) this.wt.abandon(sid, H3ErrorCode.WT_SESSION_GONE);
		session.streams.clear();
	}

	private activeSessions(): number {
		return [...this.sessions.values()].filter((s) => s.phase !== "closed").length;
	}

	private sessionIn(sessionId: bigint, phase: Phase): Session {
		const session = this.sessions.get(sessionId);
		if (session?.phase !== phase) {
			throw new Error(`session ${sessionId} is ${session?.phase ?? "unknown"}, not ${phase}`);
		}
		return session;
	}

	/** Runs request-stream work; a stream error resets the stream and ends its session. */
	private guardStream(id: bigint, st: RequestStream, fn: () => void): void {
		try {
			fn();
		} catch (e) {
			if (!H3Error.isInstance(e) || e.scope !== "stream") throw e;
			this.refuseRequestStream(id, e.errorCode);
			if (st.session !== undefined) {
				this.endSession(st.session, { code: 0, reason: e.message, remote: false, clean: false }, "none");
			}
		}
	}
}
