/**
 * An in-memory pair of connected {@link TransportSession}s for deterministic tests. It follows
 * QUIC where the layers above can tell the difference: stream IDs numbered as in RFC 9000 §2.1,
 * a limit on concurrent streams with credit returned as streams close (MAX_STREAMS, §4.6),
 * per-stream backpressure, RESET_STREAM / STOP_SENDING (§3.5), an application close that ends
 * every stream (CONNECTION_CLOSE, §10.2), and unreliable datagrams (RFC 9221).
 *
 * No Node.js APIs: it runs in browsers too.
 *
 * @module
 */

import { StreamError, TransportError } from "../errors.js";
import type {
	BidiStream,
	CloseInfo,
	ReceiveStream,
	SendStream,
	SessionClosed,
	StreamOptions,
	TransportSession,
} from "../types.js";
import { AsyncQueue } from "./async-queue.js";
import { truncateReason } from "./close-reason.js";
import { MemoryDatagrams } from "./datagrams.js";
import { Link } from "./link.js";
import { seededRandom } from "./prng.js";
import { type HalfOwner, MemoryReceiveStream, MemorySendStream, type StreamHalf } from "./stream.js";

/** Options of {@link createMemoryPair}. */
export interface MemoryPairOptions {
	/** One-way delay in milliseconds. 0 (default) delivers in a microtask, in order. */
	readonly latency?: number;
	/** Bidirectional streams each end may have open at once; opening waits for credit. Default 100. */
	readonly maxBidiStreams?: number;
	/** Unidirectional streams each end may have open at once; opening waits for credit. Default 100. */
	readonly maxUniStreams?: number;
	/** Bytes written to a stream but not yet read before `write()` waits. Default 1 MiB. */
	readonly streamBufferSize?: number;
	/** Largest datagram payload. Default 1200. */
	readonly maxDatagramSize?: number;
	/** Probability in [0, 1] that a datagram is lost. Default 0. */
	readonly datagramLoss?: number;
	/** Seed of the PRNG that decides datagram loss. Default 1. */
	readonly seed?: number;
	/** Received datagrams held while nobody reads; later ones are dropped. Default 1024. */
	readonly datagramQueueSize?: number;
	/** The protocol both sessions report as negotiated. Default undefined. */
	readonly protocol?: string;
}

/** One end of an in-memory pair. */
export interface MemorySession extends TransportSession {
	readonly kind: "memory";
	/**
	 * Simulates the connection vanishing (a cable pulled, an idle timeout): both ends end at once
	 * without a close being exchanged, with `remote: true` and `transportError` set.
	 */
	disconnect(transportError?: "idle-timeout" | "transport-error"): void;
}

type StreamKind = "bidi" | "uni";

interface Credit {
	available: number;
	readonly waiters: { resolve(): void; reject(error: unknown): void }[];
}

interface Settings {
	readonly latency: number;
	readonly maxStreams: Readonly<Record<StreamKind, number>>;
	readonly streamBufferSize: number;
	readonly protocol: string | undefined;
}

// RFC 9000 §2.1: the two low bits of a stream ID are the initiator and the direction.
const ID_BITS: Readonly<Record<StreamKind, bigint>> = { bidi: 0n, uni: 2n };

class MemoryEndpoint implements MemorySession, HalfOwner {
	readonly kind = "memory" as const;
	readonly protocol: string | undefined;
	readonly datagrams: MemoryDatagrams;
	readonly closed: Promise<SessionClosed>;
	readonly #settings: Settings;
	readonly #isServer: boolean;
	readonly #out: Link;
	readonly #incomingBidi = new AsyncQueue<BidiStream>();
	readonly #incomingUni = new AsyncQueue<ReceiveStream>();
	readonly #halves = new Set<StreamHalf>();
	// Halves of streams the peer opened, mapped to their stream's count of halves still open.
	readonly #incomingHalves = new Map<StreamHalf, { open: number; readonly kind: StreamKind }>();
	readonly #credit: Record<StreamKind, Credit>;
	readonly #nextIndex: Record<StreamKind, bigint> = { bidi: 0n, uni: 0n };
	#peer!: MemoryEndpoint;
	#in!: Link;
	#ended = false;
	#resolveClosed!: (info: SessionClosed) => void;

	constructor(settings: Settings, isServer: boolean, out: Link, datagrams: MemoryDatagrams) {
		this.#settings = settings;
		this.#isServer = isServer;
		this.#out = out;
		this.protocol = settings.protocol;
		this.datagrams = datagrams;
		this.#credit = {
			bidi: { available: settings.maxStreams.bidi, waiters: [] },
			uni: { available: settings.maxStreams.uni, waiters: [] },
		};
		this.closed = new Promise((resolve) => {
			this.#resolveClosed = resolve;
		});
	}

	/** Joins the two ends; `inbound` is the link the peer posts on. */
	connect(peer: MemoryEndpoint, inbound: Link): void {
		this.#peer = peer;
		this.#in = inbound;
	}

	get incomingBidi(): AsyncIterable<BidiStream> {
		return this.#incomingBidi;
	}

	get incomingUni(): AsyncIterable<ReceiveStream> {
		return this.#incomingUni;
	}

	post(deliver: () => void): void {
		this.#out.post(deliver);
	}

	halfDone(half: StreamHalf): void {
		this.#halves.delete(half);
		const stream = this.#incomingHalves.get(half);
		if (!stream) return;
		this.#incomingHalves.delete(half);
		stream.open--;
		if (stream.open > 0) return;
		// The peer may open another stream of this kind now (MAX_STREAMS).
		const peer = this.#peer;
		this.post(() => peer.#grant(stream.kind));
	}

	async openBidi(options?: StreamOptions): Promise<BidiStream> {
		await this.#acquire("bidi");
		const id = this.#nextId("bidi");
		const peer = this.#peer;
		const sendOrder = options?.sendOrder ?? 0;
		const out = this.#pipe(id, this, peer, sendOrder);
		const back = this.#pipe(id, peer, this, 0);
		this.#track(out.send, back.receive);
		const remote: BidiStream = { id, readable: out.receive, writable: back.send };
		this.post(() => peer.#accept("bidi", remote, [out.receive, back.send]));
		return { id, readable: back.receive, writable: out.send };
	}

	async openUni(options?: StreamOptions): Promise<SendStream> {
		await this.#acquire("uni");
		const id = this.#nextId("uni");
		const peer = this.#peer;
		const pipe = this.#pipe(id, this, peer, options?.sendOrder ?? 0);
		this.#track(pipe.send);
		this.post(() => peer.#accept("uni", pipe.receive, [pipe.receive]));
		return pipe.send;
	}

	close(info?: Partial<CloseInfo>): void {
		if (this.#ended) return;
		const closeInfo: CloseInfo = { code: info?.code ?? 0, reason: truncateReason(info?.reason ?? "") };
		const peer = this.#peer;
		this.post(() => peer.#end({ ...closeInfo, remote: true }));
		this.#end({ ...closeInfo, remote: false });
	}

	disconnect(transportError: "idle-timeout" | "transport-error" = "transport-error"): void {
		const info: SessionClosed = { code: 0, reason: "", remote: true, transportError };
		this.#end(info);
		this.#peer.#end(info);
	}

	#nextId(kind: StreamKind): bigint {
		const index = this.#nextIndex[kind]++;
		return index * 4n + ID_BITS[kind] + (this.#isServer ? 1n : 0n);
	}

	#pipe(id: bigint, from: MemoryEndpoint, to: MemoryEndpoint, sendOrder: number) {
		const send = new MemorySendStream(id, from, this.#settings.streamBufferSize, sendOrder);
		const receive = new MemoryReceiveStream(id, to);
		send.connect(receive);
		receive.connect(send);
		return { send, receive };
	}

	#track(...halves: StreamHalf[]): void {
		for (const half of halves) this.#halves.add(half);
	}

	#acquire(kind: StreamKind): Promise<void> {
		if (this.#ended) return Promise.reject(closedError());
		const credit = this.#credit[kind];
		if (credit.available > 0) {
			credit.available--;
			return Promise.resolve();
		}
		return new Promise((resolve, reject) => credit.waiters.push({ resolve, reject }));
	}

	#grant(kind: StreamKind): void {
		const credit = this.#credit[kind];
		const waiter = credit.waiters.shift();
		if (waiter) waiter.resolve();
		else credit.available++;
	}

	#accept(kind: StreamKind, stream: BidiStream | ReceiveStream, halves: StreamHalf[]): void {
		const record = { open: halves.length, kind };
		for (const half of halves) {
			this.#halves.add(half);
			this.#incomingHalves.set(half, record);
		}
		if (kind === "bidi") this.#incomingBidi.push(stream as BidiStream);
		else this.#incomingUni.push(stream as ReceiveStream);
	}

	#end(info: SessionClosed): void {
		if (this.#ended) return;
		this.#ended = true;
		// What was posted before the close still arrives; nothing after it does.
		this.#out.stop();
		this.#in.cut();
		const error = new StreamError("session-closed");
		for (const half of [...this.#halves]) half.fail(error);
		this.#halves.clear();
		this.#incomingHalves.clear();
		for (const credit of Object.values(this.#credit)) {
			for (const waiter of credit.waiters.splice(0)) waiter.reject(closedError());
		}
		this.#incomingBidi.close();
		this.#incomingUni.close();
		this.datagrams.close();
		this.#resolveClosed(info);
	}
}

function closedError(): TransportError {
	return new TransportError("closed", "the session is closed");
}

/** Creates two connected in-memory sessions: `[client, server]`. */
export function createMemoryPair(options: MemoryPairOptions = {}): [client: MemorySession, server: MemorySession] {
	const settings: Settings = {
		latency: options.latency ?? 0,
		maxStreams: { bidi: options.maxBidiStreams ?? 100, uni: options.maxUniStreams ?? 100 },
		streamBufferSize: options.streamBufferSize ?? 1024 * 1024,
		protocol: options.protocol,
	};
	const seed = options.seed ?? 1;
	const datagramOptions = {
		maxSize: options.maxDatagramSize ?? 1200,
		loss: options.datagramLoss ?? 0,
		queueSize: options.datagramQueueSize ?? 1024,
	};
	const toServer = new Link(settings.latency);
	const toClient = new Link(settings.latency);
	// One PRNG per direction, so losses one way do not depend on how much the other way sends.
	const clientDatagrams = new MemoryDatagrams({ ...datagramOptions, random: seededRandom(seed) }, (deliver) =>
		toServer.post(deliver),
	);
	const serverDatagrams = new MemoryDatagrams({ ...datagramOptions, random: seededRandom(seed + 1) }, (deliver) =>
		toClient.post(deliver),
	);
	clientDatagrams.connect(serverDatagrams);
	serverDatagrams.connect(clientDatagrams);
	const client = new MemoryEndpoint(settings, false, toServer, clientDatagrams);
	const server = new MemoryEndpoint(settings, true, toClient, serverDatagrams);
	client.connect(server, toClient);
	server.connect(client, toServer);
	return [client, server];
}
