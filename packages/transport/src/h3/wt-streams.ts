/**
 * The data side of WebTransport sessions for {@link H3Connection}: associating the peer's
 * streams and datagrams with sessions by their session ID, holding them until the session is
 * established (draft-ietf-webtrans-http3 §"Buffering Incoming Streams and Datagrams"),
 * delivering them, and stopping streams whose session is gone (§"Session Termination").
 *
 * @module
 */

import type { Session, Stream, WtStream } from "./connection-state.js";
import type { H3Action } from "./connection-types.js";
import { httpCodeToWebTransport } from "./error-mapping.js";
import { H3ErrorCode } from "./errors.js";
import { HeldBuffers, type HeldLimits } from "./held-buffers.js";

/** What the streams share with the connection. */
export interface WtStreamsHost {
	readonly role: "client" | "server";
	readonly streams: Map<bigint, Stream>;
	readonly sessions: ReadonlyMap<bigint, Session>;
	emit(action: H3Action): void;
}

/** WebTransport streams and datagrams of one connection. */
export class WtStreams {
	/** The connection's buffer budget, shared with capsules held before a server's answer. */
	readonly held: HeldBuffers;
	private readonly host: WtStreamsHost;

	constructor(host: WtStreamsHost, limits: HeldLimits) {
		this.host = host;
		this.held = new HeldBuffers(limits);
	}

	/** A peer stream's header named a session; `rest` follows the header. */
	start(id: bigint, sessionId: bigint, bidi: boolean, rest: Uint8Array, fin: boolean): void {
		const { host, held } = this;
		const st: WtStream = { kind: "wt", sessionId, bidi, local: false, headerLength: 0, held: undefined };
		host.streams.set(id, st);
		const session = host.sessions.get(sessionId);
		if (session?.phase === "established") {
			session.streams.add(id);
			host.emit({ type: "incoming-stream", sessionId, streamId: id, bidi });
			if (rest.length > 0 || fin) host.emit({ type: "stream-data", streamId: id, data: rest, fin });
		} else if (session?.phase === "closed" || (session === undefined && host.role === "client")) {
			this.abandon(id, H3ErrorCode.WT_SESSION_GONE);
		} else if (!held.holdStream(st, rest, fin)) {
			// Not established yet, or (server) its CONNECT has not arrived, and no room to hold it.
			this.abandon(id, H3ErrorCode.WT_BUFFERED_STREAM_REJECTED);
		} else if (session !== undefined) {
			session.streams.add(id);
		} else {
			held.addOrphan(sessionId, id);
		}
	}

	/** Bytes after the header of a WebTransport stream. */
	data(id: bigint, st: WtStream, data: Uint8Array, fin: boolean): void {
		if (st.held === undefined) {
			if (data.length > 0 || fin) this.host.emit({ type: "stream-data", streamId: id, data, fin });
		} else if (!this.held.append(st, data, fin)) {
			this.abandon(id, H3ErrorCode.WT_BUFFERED_STREAM_REJECTED);
		}
	}

	/** The peer reset a WebTransport stream (a held one is dropped: nobody saw it). */
	reset(id: bigint, st: WtStream, code: bigint | number): void {
		if (st.held !== undefined) this.abandon(id, H3ErrorCode.WT_BUFFERED_STREAM_REJECTED);
		else this.host.emit({ type: "stream-reset", streamId: id, code: httpCodeToWebTransport(code) });
	}

	/** The peer sent STOP_SENDING on a WebTransport stream. */
	stopped(id: bigint, st: WtStream, code: bigint | number): void {
		if (st.held === undefined) {
			this.host.emit({ type: "stream-stop-sending", streamId: id, code: httpCodeToWebTransport(code) });
		}
	}

	/** A datagram for a session: delivered, held until the session is established, or dropped. */
	datagram(sessionId: bigint, payload: Uint8Array): void {
		const session = this.host.sessions.get(sessionId);
		if (session?.phase === "established") {
			this.host.emit({ type: "datagram", sessionId, payload });
		} else if (session?.phase !== "closed" && (session !== undefined || this.host.role === "server")) {
			this.held.holdDatagram(sessionId, payload);
		}
	}

	/** Delivers the streams and datagrams held for a session that just became established. */
	flush(session: Session): void {
		const { host } = this;
		for (const sid of session.streams) {
			const st = host.streams.get(sid);
			if (st?.kind !== "wt" || st.held === undefined) continue;
			const { chunks, fin } = st.held;
			this.held.release(st);
			host.emit({ type: "incoming-stream", sessionId: session.id, streamId: sid, bidi: st.bidi });
			chunks.forEach((data, i) => {
				host.emit({ type: "stream-data", streamId: sid, data, fin: fin && i === chunks.length - 1 });
			});
			if (fin && chunks.length === 0) host.emit({ type: "stream-data", streamId: sid, data: new Uint8Array(0), fin });
		}
		for (const payload of this.held.takeDatagrams(session.id)) {
			host.emit({ type: "datagram", sessionId: session.id, payload });
		}
	}

	/** Stops a WebTransport stream in the directions we use and forgets its data. */
	abandon(id: bigint, code: number): void {
		const st = this.host.streams.get(id);
		if (st?.kind !== "wt") return;
		this.held.release(st);
		if (st.bidi || !st.local) this.host.emit({ type: "stop-sending", streamId: id, code });
		if (st.bidi || st.local) {
			// Our own stream's header is delivered reliably (draft-ietf-webtrans-http3 §"Resetting
			// Data Streams").
			this.host.emit({ type: "reset-stream", streamId: id, code, reliableSize: st.local ? st.headerLength : 0 });
		}
		this.host.streams.set(id, { kind: "ignored" });
	}

	/** Server: the held streams naming a session whose CONNECT just arrived join it. */
	adoptOrphans(session: Session): void {
		for (const sid of this.held.takeOrphans(session.id)) session.streams.add(sid);
	}

	/** Server: the held streams naming a request that is not a session are refused. */
	abandonOrphans(sessionId: bigint): void {
		for (const sid of this.held.takeOrphans(sessionId)) this.abandon(sid, H3ErrorCode.WT_SESSION_GONE);
	}

	/** QUIC forgot a WebTransport stream. */
	forget(id: bigint, st: WtStream): void {
		this.held.release(st);
		this.host.sessions.get(st.sessionId)?.streams.delete(id);
		this.held.forgetOrphan(st.sessionId, id);
	}
}
