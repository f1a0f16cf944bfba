/**
 * The HTTP/3 layer of {@link H3Connection} (RFC 9114, RFC 9204 §4.2): stream typing, the
 * control stream and SETTINGS (§6.2.1, §7.2.4), the QPACK encoder and decoder streams, GOAWAY
 * (§5.2), the push rules we enforce by never enabling push (§4.6), stream ID allocation, and the
 * error plumbing that turns thrown {@link H3Error}s into actions. What request streams and
 * WebTransport streams carry is left to the WebTransport layer through the abstract hooks.
 *
 * @module
 */

import { ChunkBuffer } from "./chunk-buffer.js";
import { buildConnectResponse } from "./connect.js";
import type { RequestStream, Stream, WtStream } from "./connection-state.js";
import type { H3Action, H3ConnectionOptions } from "./connection-types.js";
import { H3Error, H3ErrorCode } from "./errors.js";
import { encodeGoawayFrame, encodeHeadersFrame, encodeSettingsFrame, FrameDecoder, type H3Frame } from "./frames.js";
import { encodeFieldSection } from "./qpack.js";
import { QpackDecoderStreamReceiver, QpackEncoderStreamReceiver } from "./qpack-streams.js";
import { clientSettings, type Settings, serverSettings, webTransportGeneration } from "./settings.js";
import {
	encodeUniStreamType,
	isClientBidiStream,
	parseBidiStreamStart,
	parseUniStreamHeader,
	StreamType,
} from "./stream-types.js";

/** The HTTP/3 half of the connection state machine. */
export abstract class H3ConnectionCore {
	/** Which end of the QUIC connection we are. */
	readonly role: "client" | "server";
	protected readonly maxFieldSectionSize: number;
	protected readonly maxFrameSize: number;
	protected readonly streams = new Map<bigint, Stream>();
	protected readonly controlStreamId: bigint;
	/** The first stream ID our GOAWAY refused, once sent. */
	protected goawaySent: bigint | undefined;
	/** The ID of the peer's last GOAWAY, once received. */
	protected goawayReceived: bigint | undefined;
	/** After a connection error or the connection's end: every input is ignored. */
	protected dead = false;
	private nextBidi: bigint;
	private nextUni: bigint;
	private peerSettingsValue: Settings | undefined;
	private peerControl = false;
	private peerEncoder = false;
	private peerDecoder = false;
	private highestRequest = -1n;
	private maxPushIdReceived = -1n;
	private out: H3Action[] = [];

	constructor(options: H3ConnectionOptions) {
		this.role = options.role;
		this.maxFieldSectionSize = options.maxFieldSectionSize ?? 16384;
		this.maxFrameSize = options.maxFrameSize ?? 65536;
		const server = this.role === "server" ? 1n : 0n;
		this.nextBidi = server;
		this.controlStreamId = 2n + server;
		this.nextUni = this.controlStreamId + 4n;
	}

	/** The peer's SETTINGS, once received. */
	get peerSettings(): Settings | undefined {
		return this.peerSettingsValue;
	}

	/** True after a connection error or {@link H3ConnectionCore.connectionClosed}. */
	get closed(): boolean {
		return this.dead;
	}

	/** Opens our control stream with our SETTINGS. Call once, first. */
	start(): H3Action[] {
		return this.run(() => {
			const size = this.maxFieldSectionSize;
			const settings = this.role === "server" ? serverSettings(size) : clientSettings(size);
			const header = encodeUniStreamType(StreamType.CONTROL);
			const frame = encodeSettingsFrame(settings);
			const data = new Uint8Array(header.length + frame.length);
			data.set(header);
			data.set(frame, header.length);
			this.write(this.controlStreamId, data);
		});
	}

	/** Bytes arrived on a stream (`fin`: and then its end). */
	receive(streamId: bigint, data: Uint8Array, fin: boolean): H3Action[] {
		return this.run(() => this.onData(streamId, data, fin));
	}

	/** The peer reset its sending side of a stream (RESET_STREAM) with an HTTP/3 error code. */
	receiveReset(streamId: bigint, code: bigint | number): H3Action[] {
		return this.run(() => {
			const st = this.streams.get(streamId);
			switch (st?.kind) {
				case "control":
				case "qpack-encoder":
				case "qpack-decoder":
					throw new H3Error("H3_CLOSED_CRITICAL_STREAM", `critical stream ${streamId} was reset`);
				case "uni-start":
				case "bidi-start":
					// Streams may be reset before their header arrived (RFC 9114 §6.2).
					this.streams.set(streamId, { kind: "ignored" });
					return;
				case "request":
				case "wt":
					this.streamReset(streamId, st, code);
			}
		});
	}

	/** The peer asked us to stop sending on a stream (STOP_SENDING) with an HTTP/3 error code. */
	receiveStopSending(streamId: bigint, code: bigint | number): H3Action[] {
		return this.run(() => {
			if (streamId === this.controlStreamId) {
				throw new H3Error("H3_CLOSED_CRITICAL_STREAM", "the peer stopped our control stream");
			}
			const st = this.streams.get(streamId);
			if (st?.kind === "request" || st?.kind === "wt") this.streamStopped(streamId, st, code);
		});
	}

	/** QUIC is done with a stream (both directions closed): forget it. */
	streamClosed(streamId: bigint): void {
		const st = this.streams.get(streamId);
		this.streams.delete(streamId);
		if (st !== undefined) this.streamForgotten(streamId, st);
	}

	/** The QUIC connection is gone: ends every session (remote, not clean). */
	connectionClosed(): H3Action[] {
		const actions = this.run(() => this.endAllSessions(true, "connection closed"));
		this.dead = true;
		return actions;
	}

	/**
	 * Starts a graceful shutdown (RFC 9114 §5.2): a server refuses requests after those it has
	 * seen; a client allows no pushes (it never did). Sessions already open carry on.
	 */
	goaway(): H3Action[] {
		return this.run(() => {
			let id = this.role === "server" ? this.highestRequest + 4n : 0n;
			if (this.goawaySent !== undefined && id > this.goawaySent) id = this.goawaySent;
			this.goawaySent = id;
			this.write(this.controlStreamId, encodeGoawayFrame(id));
		});
	}

	// ---------------------------------------------------------------- hooks of the WebTransport layer

	/** The peer's SETTINGS were stored and reported. */
	protected abstract peerSettingsArrived(): void;
	/** A client got the server's GOAWAY (already validated and reported). */
	protected abstract goawayArrived(id: bigint): void;
	/** Bytes on a request stream or a WebTransport stream. */
	protected abstract streamData(id: bigint, st: RequestStream | WtStream, data: Uint8Array, fin: boolean): void;
	/** A peer stream turned out to be a WebTransport stream; `rest` follows its header. */
	protected abstract wtStreamStarted(
		id: bigint,
		sessionId: bigint,
		bidi: boolean,
		rest: Uint8Array,
		fin: boolean,
	): void;
	/** The peer reset a request or WebTransport stream. */
	protected abstract streamReset(id: bigint, st: RequestStream | WtStream, code: bigint | number): void;
	/** The peer sent STOP_SENDING on a request or WebTransport stream. */
	protected abstract streamStopped(id: bigint, st: RequestStream | WtStream, code: bigint | number): void;
	/** QUIC forgot a stream. */
	protected abstract streamForgotten(id: bigint, st: Stream): void;
	/** The connection ends: report every session as ended. */
	protected abstract endAllSessions(remote: boolean, reason: string): void;

	// ---------------------------------------------------------------- plumbing for both layers

	/** Runs one input, collecting its actions; a connection error closes the connection. */
	protected run(fn: () => void): H3Action[] {
		const out: H3Action[] = [];
		if (this.dead) return out;
		this.out = out;
		try {
			fn();
		} catch (e) {
			if (!H3Error.isInstance(e)) throw e;
			this.emit({ type: "close-connection", code: e.errorCode, reason: e.message });
			this.dead = true;
			this.endAllSessions(false, e.message);
		}
		return out;
	}

	/** Adds an action to the current input's result. */
	protected emit(action: H3Action): void {
		this.out.push(action);
	}

	/** Queues bytes (and optionally FIN) on a stream. */
	protected write(streamId: bigint, data: Uint8Array, fin = false): void {
		this.emit({ type: "write", streamId, data, fin });
	}

	/** Resets our side of a stream that carries no WebTransport header. */
	protected resetPlain(streamId: bigint, code: number): void {
		this.emit({ type: "reset-stream", streamId, code, reliableSize: 0 });
	}

	/** Resets and stops a request stream, and forgets it. */
	protected refuseRequestStream(id: bigint, code: number): void {
		this.resetPlain(id, code);
		this.emit({ type: "stop-sending", streamId: id, code });
		this.streams.set(id, { kind: "ignored" });
	}

	/** Answers a request with a final status and no body, and stops reading it (RFC 9114 §4.1). */
	protected respondAndStop(id: bigint, status: number): void {
		this.write(id, encodeHeadersFrame(encodeFieldSection(buildConnectResponse({ status }))), true);
		this.emit({ type: "stop-sending", streamId: id, code: H3ErrorCode.H3_NO_ERROR });
		this.streams.set(id, { kind: "ignored" });
	}

	/** A frame decoder for a request or CONNECT stream, with our limits. */
	protected requestDecoder(): FrameDecoder {
		return new FrameDecoder({ kind: "request", maxFrameSize: this.maxFrameSize });
	}

	/** The next stream ID of ours of a kind. */
	protected allocate(bidi: boolean): bigint {
		const id = bidi ? this.nextBidi : this.nextUni;
		if (bidi) this.nextBidi += 4n;
		else this.nextUni += 4n;
		return id;
	}

	/** True when a bidirectional stream ID of ours has been allocated. */
	protected allocatedBidi(id: bigint): boolean {
		return id < this.nextBidi;
	}

	// ---------------------------------------------------------------- stream input

	private onData(id: bigint, data: Uint8Array, fin: boolean): void {
		let st = this.streams.get(id);
		if (st === undefined) {
			// Our own streams we no longer track (and the peer's, once forgotten) are done with.
			if ((id & 1n) === (this.role === "server" ? 1n : 0n)) return;
			st = { kind: (id & 2n) !== 0n ? "uni-start" : "bidi-start", buf: new ChunkBuffer() };
			this.streams.set(id, st);
		}
		switch (st.kind) {
			case "uni-start":
				this.uniStart(id, st.buf, data, fin);
				return;
			case "bidi-start":
				this.bidiStart(id, st.buf, data, fin);
				return;
			case "control":
				for (const frame of st.frames.push(data)) this.controlFrame(frame);
				if (fin) throw new H3Error("H3_CLOSED_CRITICAL_STREAM", "the peer closed its control stream");
				return;
			case "qpack-encoder":
			case "qpack-decoder":
				st.rx.push(data);
				if (fin) throw new H3Error("H3_CLOSED_CRITICAL_STREAM", `the peer closed its ${st.kind} stream`);
				return;
			case "request":
			case "wt":
				this.streamData(id, st, data, fin);
				return;
			case "ignored":
				return;
		}
	}

	private uniStart(id: bigint, buf: ChunkBuffer, data: Uint8Array, fin: boolean): void {
		buf.push(data);
		const parsed = parseUniStreamHeader(buf.view());
		if (parsed === undefined) {
			if (fin) this.streams.set(id, { kind: "ignored" });
			return;
		}
		const rest = buf.take().subarray(parsed.consumed);
		const start = parsed.start;
		switch (start.kind) {
			case "control":
				if (this.peerControl) throw new H3Error("H3_STREAM_CREATION_ERROR", "second control stream");
				this.peerControl = true;
				this.streams.set(id, {
					kind: "control",
					frames: new FrameDecoder({ kind: "control", maxFrameSize: this.maxFrameSize }),
				});
				break;
			case "qpack-encoder":
				if (this.peerEncoder) throw new H3Error("H3_STREAM_CREATION_ERROR", "second QPACK encoder stream");
				this.peerEncoder = true;
				this.streams.set(id, { kind: "qpack-encoder", rx: new QpackEncoderStreamReceiver() });
				break;
			case "qpack-decoder":
				if (this.peerDecoder) throw new H3Error("H3_STREAM_CREATION_ERROR", "second QPACK decoder stream");
				this.peerDecoder = true;
				this.streams.set(id, { kind: "qpack-decoder", rx: new QpackDecoderStreamReceiver() });
				break;
			case "push":
				// Only servers push, and only up to a MAX_PUSH_ID we never send (RFC 9114 §4.6, §6.2.2).
				if (this.role === "server") throw new H3Error("H3_STREAM_CREATION_ERROR", "a client opened a push stream");
				throw new H3Error("H3_ID_ERROR", "push stream without MAX_PUSH_ID");
			case "webtransport":
				this.wtStreamStarted(id, start.sessionId, false, rest, fin);
				return;
			case "unknown":
				// RFC 9114 §6.2: abort reading unknown stream types.
				this.emit({ type: "stop-sending", streamId: id, code: H3ErrorCode.H3_STREAM_CREATION_ERROR });
				this.streams.set(id, { kind: "ignored" });
				return;
		}
		this.onData(id, rest, fin);
	}

	private bidiStart(id: bigint, buf: ChunkBuffer, data: Uint8Array, fin: boolean): void {
		buf.push(data);
		const parsed = parseBidiStreamStart(buf.view());
		if (parsed === undefined) {
			if (fin) {
				this.streams.set(id, { kind: "ignored" });
				// RFC 9114 §4.1.2: a request stream that ends before a complete request.
				if (this.role === "server") this.resetPlain(id, H3ErrorCode.H3_REQUEST_INCOMPLETE);
			}
			return;
		}
		const bytes = buf.take();
		if (parsed.start.kind === "webtransport") {
			this.wtStreamStarted(id, parsed.start.sessionId, true, bytes.subarray(parsed.consumed), fin);
			return;
		}
		if (this.role === "client") {
			throw new H3Error("H3_STREAM_CREATION_ERROR", "server-initiated bidirectional stream that is not WebTransport");
		}
		if (this.goawaySent !== undefined && id >= this.goawaySent) {
			// After our GOAWAY, requests at or above its ID are refused unprocessed (RFC 9114 §5.2).
			this.refuseRequestStream(id, H3ErrorCode.H3_REQUEST_REJECTED);
			return;
		}
		if (id > this.highestRequest) this.highestRequest = id;
		this.streams.set(id, { kind: "request", frames: this.requestDecoder(), session: undefined });
		this.onData(id, bytes, fin);
	}

	// ---------------------------------------------------------------- control stream

	private controlFrame(frame: H3Frame): void {
		switch (frame.type) {
			case "settings":
				// A server's SETTINGS_WT_ENABLED above 1 is H3_SETTINGS_ERROR for a client.
				if (this.role === "client") webTransportGeneration(frame.settings);
				this.peerSettingsValue = frame.settings;
				this.emit({ type: "settings", settings: frame.settings });
				this.peerSettingsArrived();
				return;
			case "goaway":
				if (this.role === "client" && !isClientBidiStream(frame.id)) {
					throw new H3Error("H3_ID_ERROR", `GOAWAY names stream ${frame.id}, not a client request stream`);
				}
				if (this.goawayReceived !== undefined && frame.id > this.goawayReceived) {
					throw new H3Error("H3_ID_ERROR", "GOAWAY ID increased");
				}
				this.goawayReceived = frame.id;
				this.emit({ type: "goaway", id: frame.id });
				if (this.role === "client") this.goawayArrived(frame.id);
				return;
			case "max-push-id":
				if (this.role === "client") throw new H3Error("H3_FRAME_UNEXPECTED", "MAX_PUSH_ID from a server");
				if (frame.pushId < this.maxPushIdReceived) throw new H3Error("H3_ID_ERROR", "MAX_PUSH_ID decreased");
				this.maxPushIdReceived = frame.pushId;
				return;
			case "cancel-push":
				// We never promise pushes and never allow any (RFC 9114 §7.2.3).
				throw new H3Error("H3_ID_ERROR", `CANCEL_PUSH for push ${frame.pushId}, which never existed`);
			default:
				// Unknown and reserved frames are ignored (RFC 9114 §9); the decoder rejects the rest.
				return;
		}
	}
}
