/**
 * One QUIC connection (RFC 9000) driven over quiche's bindings, as a {@link TransportSession}.
 *
 * The driver is sans-I/O quiche plus three inputs: packets (`receive`, fed as they arrive), the
 * application's calls, and one timer per connection armed from quiche's `timeout()` (RFC 9002
 * loss detection, RFC 9000 §10.1 idle timeout). Whatever happened is acted on in one `flush` per
 * event-loop turn: read streams and datagrams, move queued writes into quiche, then send every
 * packet quiche has. Stream IDs follow RFC 9000 §2.1; stream credit is MAX_STREAMS (§4.6).
 *
 * @module
 */

import type { RemoteInfo } from "node:dgram";
import { StreamError, TransportError } from "../errors.js";
import { AsyncQueue } from "../memory/async-queue.js";
import { truncateReason } from "../memory/close-reason.js";
import type {
	BidiStream,
	CloseInfo,
	ReceiveStream,
	SendStream,
	SessionClosed,
	StreamOptions,
	TransportSession,
} from "../types.js";
import { closeInfo, handshakeError } from "./close-info.js";
import { QuicDatagrams } from "./datagrams.js";
import { type HostPort, type NativeConnection, quicheError, TransportCode } from "./native.js";
import type { ResolvedTransportOptions } from "./options.js";
import { packetEnd } from "./packet.js";
import { PeerStreamIds } from "./peer-streams.js";
import { DEFAULT_URGENCY, sendOrderToUrgency } from "./priority.js";
import { QuicReceiveStream, QuicSendStream, type StreamOwner } from "./stream.js";
import type { Flushable, UdpEndpoint } from "./udp.js";

/** What a connection needs from the endpoint that owns its socket. */
export interface ConnectionHost {
	readonly udp: UdpEndpoint;
	/** quiche is done with the connection (closed and drained): forget it. */
	release(connection: QuicConnection): void;
}

interface CreditWaiter {
	readonly sendOrder: number;
	resolve(stream: BidiStream | SendStream): void;
	reject(error: unknown): void;
}

type Kind = "bidi" | "uni";

// Application error codes are varints (RFC 9000 §16): below 2^62.
const CODE_LIMIT = 2 ** 62;
// Packets sent per flush: enough for a large congestion window, and then the event loop runs.
const MAX_BURST = 1024;
// Streams remembered by #readStreams as likely to be readable at the next flush.
const HOT_STREAMS = 8;
// Packets sent per flush while closing: one CONNECTION_CLOSE per packet number space.
const CLOSING_BURST = 3;
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();
// Where stream data is read to before it is copied out; flushes never interleave.
const scratch = new Uint8Array(64 * 1024);

function ignore(): void {}

/** A QUIC connection and the session on it. */
export class QuicConnection implements TransportSession, Flushable, StreamOwner {
	readonly kind = "quic" as const;
	readonly quiche: NativeConnection;
	readonly datagrams: QuicDatagrams;
	readonly closed: Promise<SessionClosed>;
	/** Resolves when the handshake is complete; rejects with a TransportError when it fails. */
	readonly established: Promise<void>;
	/** The peer's address, `host:port`. */
	readonly remoteAddress: string;
	flushQueued = false;
	readBuffered = 0;
	writeBuffered = 0;
	#protocol: string | undefined;
	readonly #host: ConnectionHost;
	readonly #options: ResolvedTransportOptions;
	readonly #isServer: boolean;
	#recvInfo: { from: HostPort; to: HostPort };
	#state: "handshake" | "open" | "ended" | "released" = "handshake";
	#ended: StreamError | undefined;
	#handshakeFailure: unknown;
	#received = false;
	#wantRead = false;
	#connThrottled = false;
	#backlogged = false;
	#timer: NodeJS.Timeout | undefined;
	#timerMs = -1;
	readonly #sendStreams = new Map<number, QuicSendStream>();
	readonly #recvStreams = new Map<number, QuicReceiveStream>();
	readonly #blocked = new Set<QuicSendStream>();
	/** Streams the last full scan read from, tried first by the next flush (see #readStreams). */
	readonly #hotStreams: QuicReceiveStream[] = [];
	readonly #incomingBidi = new AsyncQueue<BidiStream>();
	readonly #incomingUni = new AsyncQueue<ReceiveStream>();
	readonly #peerIds: Record<Kind, PeerStreamIds>;
	readonly #nextId: Record<Kind, number>;
	readonly #creditWaiters: Record<Kind, CreditWaiter[]> = { bidi: [], uni: [] };
	#resolveClosed!: (info: SessionClosed) => void;
	#settleEstablished!: { resolve(): void; reject(error: unknown): void };

	constructor(
		quiche: NativeConnection,
		host: ConnectionHost,
		role: "client" | "server",
		peer: HostPort,
		options: ResolvedTransportOptions,
	) {
		this.quiche = quiche;
		this.#host = host;
		this.#options = options;
		this.#isServer = role === "server";
		this.#recvInfo = { from: peer, to: host.udp.local };
		this.remoteAddress = peer.host.includes(":") ? `[${peer.host}]:${peer.port}` : `${peer.host}:${peer.port}`;
		// RFC 9000 §2.1: bit 0 is the initiator (1 = server), bit 1 the direction (1 = uni).
		const own = this.#isServer ? 1 : 0;
		const theirs = 1 - own;
		this.#nextId = { bidi: own, uni: 2 + own };
		this.#peerIds = { bidi: new PeerStreamIds(theirs), uni: new PeerStreamIds(2 + theirs) };
		this.datagrams = new QuicDatagrams(this, options.datagramQueueLength);
		this.closed = new Promise((resolve) => {
			this.#resolveClosed = resolve;
		});
		this.established = new Promise((resolve, reject) => {
			this.#settleEstablished = { resolve, reject };
		});
		this.established.catch(ignore);
	}

	/** The negotiated ALPN, once established. */
	get protocol(): string | undefined {
		return this.#protocol;
	}

	/** True once the handshake is done and until the session ends. */
	get open(): boolean {
		return this.#state === "open";
	}

	get writeBufferLimit(): number {
		return this.#options.connectionWriteBuffer;
	}

	get endedError(): StreamError | undefined {
		return this.#ended;
	}

	get incomingBidi(): AsyncIterable<BidiStream> {
		return this.#tap(this.#incomingBidi);
	}

	get incomingUni(): AsyncIterable<ReceiveStream> {
		return this.#tap(this.#incomingUni);
	}

	/** Hands one UDP datagram to quiche; the flush this turn acts on it. */
	receive(packet: Buffer, from: RemoteInfo): void {
		if (this.#state === "released") return;
		let info = this.#recvInfo;
		if (from.port !== info.from.port || from.address !== info.from.host) {
			// NAT rebinding: quiche validates the new path (RFC 9000 §9.3).
			info = this.#recvInfo = { from: { host: from.address, port: from.port }, to: info.to };
		}
		// Coalesced packets go to quiche one at a time: quiche drops the rest of a datagram after a
		// packet it cannot decrypt, such as a retransmitted Handshake packet that arrives after the
		// handshake keys were discarded (RFC 9001 §4.9.2), and with it the 1-RTT packet behind it.
		for (let offset = 0; offset < packet.length; ) {
			const end = packetEnd(packet, offset);
			try {
				this.quiche.recv(end === packet.length && offset === 0 ? packet : packet.subarray(offset, end), info);
			} catch {
				// quiche drops a packet it cannot use; a fatal error closes the connection, seen at flush.
			}
			offset = end;
		}
		this.#received = true;
		this.#host.udp.schedule(this);
	}

	/** Runs once per event-loop turn while something happened; never throws. */
	flush(): void {
		if (this.#state === "released") return;
		try {
			const received = this.#received;
			this.#received = false;
			const established = this.#state === "handshake" && this.quiche.isEstablished();
			if (established) this.#establish();
			if (this.#state === "open") {
				if (received || this.#wantRead) this.#readStreams();
				if (received) {
					this.datagrams.receive();
					this.#grantCredit();
					this.#probeIdle();
				}
				if (this.#blocked.size > 0) this.#drainBlocked();
			}
			this.#sendPackets();
			this.#checkClosed();
			// A peer that completes the handshake and closes in the same flight (a refusal) never
			// counts as established: `established` rejects instead.
			if (established && this.#state === "open") this.#settleEstablished.resolve();
			this.#armTimer();
		} catch (error) {
			this.#internalError(error);
		}
	}

	openBidi(options?: StreamOptions): Promise<BidiStream> {
		return this.#open("bidi", options?.sendOrder ?? 0) as Promise<BidiStream>;
	}

	openUni(options?: StreamOptions): Promise<SendStream> {
		return this.#open("uni", options?.sendOrder ?? 0) as Promise<SendStream>;
	}

	close(info?: Partial<CloseInfo>): void {
		if (this.#state === "ended" || this.#state === "released") return;
		const code = info?.code ?? 0;
		if (!Number.isInteger(code) || code < 0 || code >= CODE_LIMIT) throw new RangeError(`invalid close code ${code}`);
		const reason = truncateReason(info?.reason ?? "");
		this.#closeQuiche(true, code, reason);
		// The CONNECTION_CLOSE goes out now, not at the next flush: a process that exits right after
		// close() (a command-line tool) would otherwise never tell the peer, which would then hold
		// the session (a publisher's namespaces, say) until its idle timeout.
		try {
			this.#sendPackets();
		} catch (error) {
			this.#internalError(error);
			return;
		}
		this.#end({ code, reason, remote: false });
	}

	/**
	 * Closes with a transport error code (RFC 9000 §20.1), as a refusal or a failed check does.
	 * `failure` is what {@link QuicConnection.established} rejects with if it is still pending.
	 */
	closeWithTransportError(code: number, reason: string, failure?: unknown): void {
		if (this.#state === "ended" || this.#state === "released") return;
		const transportError = this.#state === "open" ? "transport-error" : "handshake-failed";
		this.#handshakeFailure = failure;
		this.#closeQuiche(false, code, reason);
		this.#end({ code, reason, remote: false, transportError });
	}

	wake(): void {
		this.#host.udp.schedule(this);
	}

	blocked(stream: QuicSendStream): void {
		this.#blocked.add(stream);
	}

	consumed(stream: QuicReceiveStream): void {
		// Resume reading from quiche (and so granting flow-control credit) at half the limit.
		const streamLow = stream.throttled && stream.buffered <= this.#options.streamReadBuffer / 2;
		const connLow = this.#connThrottled && this.readBuffered <= this.#options.connectionReadBuffer / 2;
		if (!streamLow && !connLow) return;
		stream.throttled = false;
		this.#connThrottled = false;
		this.#requestRead();
	}

	sendDone(stream: QuicSendStream): void {
		this.#sendStreams.delete(stream.num);
		this.#blocked.delete(stream);
	}

	recvDone(stream: QuicReceiveStream): void {
		this.#recvStreams.delete(stream.num);
	}

	#open(kind: Kind, sendOrder: number): Promise<BidiStream | SendStream> {
		if (this.#state !== "open") return Promise.reject(closedError());
		const waiters = this.#creditWaiters[kind];
		if (waiters.length === 0 && this.#streamsLeft(kind) > 0) {
			try {
				return Promise.resolve(this.#create(kind, sendOrder));
			} catch (error) {
				return Promise.reject(error);
			}
		}
		return new Promise((resolve, reject) => waiters.push({ sendOrder, resolve, reject }));
	}

	#streamsLeft(kind: Kind): number {
		return kind === "bidi" ? this.quiche.peerStreamsLeftBidi() : this.quiche.peerStreamsLeftUni();
	}

	#create(kind: Kind, sendOrder: number): BidiStream | SendStream {
		const num = this.#nextId[kind];
		this.#nextId[kind] += 4;
		// Setting the priority creates the stream in quiche, which counts it against the credit.
		this.quiche.streamPriority(num, sendOrderToUrgency(sendOrder), false);
		const send = new QuicSendStream(num, this, sendOrder, this.#options.streamWriteBuffer);
		this.#sendStreams.set(num, send);
		if (kind === "uni") return send;
		const recv = new QuicReceiveStream(num, this);
		this.#recvStreams.set(num, recv);
		return { id: send.id, readable: recv, writable: send };
	}

	#grantCredit(): void {
		for (const kind of ["bidi", "uni"] as const) {
			const waiters = this.#creditWaiters[kind];
			while (waiters.length > 0 && this.#streamsLeft(kind) > 0) {
				const waiter = waiters.shift() as CreditWaiter;
				try {
					waiter.resolve(this.#create(kind, waiter.sendOrder));
				} catch (error) {
					waiter.reject(error);
				}
			}
		}
	}

	#establish(): void {
		this.#state = "open";
		this.#protocol = utf8Decoder.decode(this.quiche.applicationProto()) || undefined;
	}

	#readStreams(): void {
		this.#wantRead = false;
		const quiche = this.quiche;
		// Each readable() call makes a new native iterator object: about 8 KiB of V8 heap that
		// outlives scavenges and is freed only by a major GC (measured with the sampling heap
		// profiler). Called at every flush, it was most of what the relay and its subscribers
		// promoted to the old generation, hence frequent 5–15 ms GC pauses. So it is called only
		// when needed: isReadable() (a boolean: quiche holds something to read) skips ACK-only
		// flushes, and the streams the last scan read from are tried first with
		// streamReadable() (a boolean each), which is all a steady flow on open streams needs.
		// readable() still runs whenever something else remains readable afterwards.
		if (!quiche.isReadable()) return;
		const hot = this.#hotStreams;
		if (hot.length > 0) {
			for (const stream of hot) {
				if (stream.throttled || this.#recvStreams.get(stream.num) !== stream) continue;
				if (!quiche.streamReadable(stream.num)) continue;
				this.#pull(stream);
				if (this.#connThrottled) return;
			}
			// Nothing else is readable: no new stream, no reset or FIN the hot streams did not show.
			if (!quiche.isReadable()) return;
			hot.length = 0;
		}
		for (const num of quiche.readable()) {
			const stream = this.#recvStreams.get(num) ?? this.#acceptPeerStream(num);
			if (stream === undefined || stream.throttled) continue;
			this.#pull(stream);
			if (hot.length < HOT_STREAMS && this.#recvStreams.get(num) === stream) hot.push(stream);
			if (this.#connThrottled) return;
		}
	}

	// Reads from quiche into the stream until quiche is empty or a read-ahead limit is reached.
	#pull(stream: QuicReceiveStream): void {
		const quiche = this.quiche;
		const streamLimit = this.#options.streamReadBuffer;
		const connLimit = this.#options.connectionReadBuffer;
		for (;;) {
			if (stream.buffered >= streamLimit) {
				stream.throttled = true;
				return;
			}
			if (this.readBuffered >= connLimit) {
				this.#connThrottled = true;
				return;
			}
			let result: [number, boolean] | null;
			try {
				result = quiche.streamRecv(stream.num, scratch);
			} catch (error) {
				const parsed = quicheError(error);
				stream.fail(new StreamError("reset", parsed.name === "StreamReset" ? parsed.value : undefined));
				return;
			}
			if (result === null) return;
			if (result[0] > 0) stream.deliver(scratch.slice(0, result[0]));
			if (result[1]) {
				stream.end();
				return;
			}
		}
	}

	#acceptPeerStream(num: number): QuicReceiveStream | undefined {
		// A stream of ours that was finished here, or one the peer opened that the application
		// abandoned: whatever quiche still holds for it is of no use.
		if ((num & 1) === (this.#isServer ? 1 : 0)) return this.#discard(num);
		const uni = (num & 2) !== 0;
		const queued = uni ? this.#incomingUni.size : this.#incomingBidi.size;
		const backlog = uni ? this.#options.maxIncomingUniStreams : this.#options.maxIncomingBidiStreams;
		// Streams the application has not taken yet stay in quiche, holding the peer's credit.
		if (queued >= backlog) {
			this.#backlogged = true;
			return undefined;
		}
		if (!this.#peerIds[uni ? "uni" : "bidi"].claim(num)) return this.#discard(num);
		const recv = new QuicReceiveStream(num, this);
		this.#recvStreams.set(num, recv);
		if (uni) {
			this.#incomingUni.push(recv);
			return recv;
		}
		const send = new QuicSendStream(num, this, 0, this.#options.streamWriteBuffer);
		this.#sendStreams.set(num, send);
		// Every stream is non-incremental (see priority.ts), the peer's too.
		this.quiche.streamPriority(num, DEFAULT_URGENCY, false);
		this.#incomingBidi.push({ id: recv.id, readable: recv, writable: send });
		return recv;
	}

	#discard(num: number): undefined {
		try {
			for (let result = this.quiche.streamRecv(num, scratch); result !== null && !result[1]; ) {
				result = this.quiche.streamRecv(num, scratch);
			}
		} catch {
			// A reset: nothing more to drop.
		}
		return undefined;
	}

	#probeIdle(): void {
		for (const stream of this.#sendStreams.values()) if (stream.idle) stream.probe();
	}

	#drainBlocked(): void {
		for (const stream of this.#blocked) if (stream.drain()) this.#blocked.delete(stream);
	}

	#sendPackets(): void {
		const udp = this.#host.udp;
		const quiche = this.quiche;
		// After a close, quiche answers every send() call with another CONNECTION_CLOSE while
		// Handshake keys are still installed; RFC 9000 §10.2.1 wants a few per flush, at most.
		const limit = this.#state === "open" || this.#state === "handshake" ? MAX_BURST : CLOSING_BURST;
		for (let sent = 0; sent < limit; sent++) {
			const buffer = udp.reserve();
			const result = quiche.send(buffer);
			if (result === null) return;
			udp.commit(result[0], result[1].to);
		}
		// Yield to the event loop (and the other connections) before sending more.
		if (limit === MAX_BURST) udp.schedule(this);
	}

	#checkClosed(): void {
		const quiche = this.quiche;
		const isClosed = quiche.isClosed();
		if (
			(this.#state === "handshake" || this.#state === "open") &&
			(isClosed || quiche.isDraining() || quiche.localError() !== null)
		) {
			this.#end(closeInfo(quiche, this.#state === "open"));
		}
		if (isClosed) this.#release();
	}

	#armTimer(): void {
		if (this.#state === "released") return;
		const ms = this.quiche.timeout();
		if (ms === null) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
			return;
		}
		// Most flushes leave the same delay: restarting the timer is cheaper than a new one.
		if (this.#timer !== undefined && ms === this.#timerMs) {
			this.#timer.refresh();
			return;
		}
		clearTimeout(this.#timer);
		this.#timerMs = ms;
		this.#timer = setTimeout(this.#onTimer, ms);
		// The socket keeps the process alive while it matters; timers never should.
		this.#timer.unref();
	}

	readonly #onTimer = (): void => {
		this.#timer = undefined;
		if (this.#state === "released") return;
		try {
			this.quiche.onTimeout();
		} catch (error) {
			this.#internalError(error);
			return;
		}
		this.flush();
	};

	#requestRead(): void {
		this.#wantRead = true;
		this.#host.udp.schedule(this);
	}

	// An async iterable over `queue` that resumes reading streams held back while it was full.
	#tap<T>(queue: AsyncQueue<T>): AsyncIterable<T> {
		return {
			[Symbol.asyncIterator]: () => ({
				next: () => {
					if (this.#backlogged) {
						this.#backlogged = false;
						this.#requestRead();
					}
					return queue.next();
				},
				return: () => Promise.resolve({ done: true, value: undefined }),
			}),
		};
	}

	#closeQuiche(app: boolean, code: number, reason: string): void {
		try {
			this.quiche.close(app, code, utf8.encode(reason));
		} catch {
			// Already closing: the first close stands.
		}
		this.#host.udp.schedule(this);
	}

	// The session ended (by either side or by quiche): fail everything that is still open.
	#end(info: SessionClosed): void {
		this.#state = "ended";
		const error = new StreamError("session-closed");
		this.#ended = error;
		for (const stream of [...this.#sendStreams.values()]) stream.fail(error);
		for (const stream of [...this.#recvStreams.values()]) stream.fail(error);
		this.#blocked.clear();
		for (const waiters of Object.values(this.#creditWaiters)) {
			for (const waiter of waiters.splice(0)) waiter.reject(closedError());
		}
		this.#incomingBidi.close();
		this.#incomingUni.close();
		this.datagrams.close();
		// Rejecting after a resolve is a no-op, so this only reaches handshakes that never finished.
		this.#settleEstablished.reject(this.#handshakeFailure ?? handshakeError(info, this.quiche.isTimedOut()));
		this.#resolveClosed(info);
	}

	/** Forgets the connection now, without waiting for quiche's closing period; call after close. */
	abandon(): void {
		if (this.#state !== "released") this.#release();
	}

	#release(): void {
		this.#state = "released";
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#host.release(this);
	}

	// A bug here must not take the process down: close this connection and report it.
	#internalError(error: unknown): void {
		const reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
		if (this.#state === "handshake" || this.#state === "open") {
			this.closeWithTransportError(TransportCode.INTERNAL_ERROR, truncateReason(reason));
		}
		try {
			this.#sendPackets();
		} catch {
			// Nothing more can be done for this connection.
		}
		this.#release();
	}
}

function closedError(): TransportError {
	return new TransportError("closed", "the session is closed");
}
