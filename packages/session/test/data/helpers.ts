/**
 * Test support for the data plane: a fake clock, a transport wrapper that records every stream a
 * sender opens (send orders, resets, FINs, whether it settled), and a harness that joins a
 * publisher to a {@link DataStreamRouter} over the in-memory transport pair.
 *
 * `@moqt/transport` is imported by path: its package entry also declares the W3C WebTransport
 * adapter, whose types need the DOM library that this package does not compile with.
 */

import type { Draft, WireError } from "@moqt/wire";
import { createMemoryPair, type MemoryPairOptions, type MemorySession } from "../../../transport/src/memory/index.js";
import type { Clock } from "../../src/data/clock.js";
import { DataStreamRouter, type DataStreamRouterOptions, type FetchRoute } from "../../src/data/data-stream-router.js";
import { ObjectQueue } from "../../src/data/object-queue.js";
import type { DataReceiveStream, DataSendStream, DataTransport } from "../../src/data/transport.js";
import type { FetchItemReceived, ObjectSink, ReceivedObject, SubgroupStreamEnd } from "../../src/data/types.js";

/** The drafts the data plane speaks. */
export const DRAFTS = [14, 16, 18, 19] as const satisfies readonly Draft[];

const runtime = globalThis as unknown as { setTimeout(fn: () => void, ms: number): unknown };

/** Lets every pending microtask and the in-memory links run (a macrotask turn; no time passes on the fake clock). */
export function tick(): Promise<void> {
	return new Promise((resolve) => runtime.setTimeout(resolve, 0));
}

/** Several turns: for pipelines several hops long. */
export async function settle(turns = 5): Promise<void> {
	for (let i = 0; i < turns; i++) await tick();
}

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
	private time = 0;
	private readonly timers = new Map<number, { at: number; fn: () => void }>();
	private nextId = 0;

	now(): number {
		return this.time;
	}

	setTimer(ms: number, fn: () => void): () => void {
		const id = this.nextId++;
		this.timers.set(id, { at: this.time + ms, fn });
		return () => this.timers.delete(id);
	}

	/** Timers not yet fired or cancelled. */
	get pending(): number {
		return this.timers.size;
	}

	/** Moves time forward, firing due timers in deadline order. */
	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			let due: [number, { at: number; fn: () => void }] | undefined;
			for (const entry of this.timers)
				if (entry[1].at <= end && (due === undefined || entry[1].at < due[1].at)) due = entry;
			if (due === undefined) break;
			this.timers.delete(due[0]);
			this.time = Math.max(this.time, due[1].at);
			due[1].fn();
		}
		this.time = end;
	}
}

/** What happened to one stream a sender opened. */
export interface StreamRecord {
	readonly sendOrderAtOpen: number;
	readonly stream: DataSendStream;
	resets: number[];
	finished: boolean;
	/** The stream's `closed` promise settled (FIN acknowledged, reset, stopped or session gone). */
	settled: boolean;
}

/** Wraps a transport session, recording the streams opened through it. */
export class RecordingTransport implements DataTransport {
	readonly streams: StreamRecord[] = [];
	readonly sentDatagrams: Uint8Array[] = [];
	private readonly inner: MemorySession;

	constructor(inner: MemorySession) {
		this.inner = inner;
	}

	get datagrams(): DataTransport["datagrams"] {
		const inner = this.inner.datagrams;
		return {
			maxSize: inner.maxSize,
			send: (payload) => {
				this.sentDatagrams.push(payload);
				return inner.send(payload);
			},
		};
	}

	async openUni(options?: { readonly sendOrder?: number }): Promise<DataSendStream> {
		const stream = await this.inner.openUni(options);
		const record: StreamRecord = {
			sendOrderAtOpen: stream.sendOrder,
			stream,
			resets: [],
			finished: false,
			settled: false,
		};
		this.streams.push(record);
		stream.closed.then(
			() => {
				record.settled = true;
			},
			() => {
				record.settled = true;
			},
		);
		return {
			get sendOrder() {
				return stream.sendOrder;
			},
			set sendOrder(value: number) {
				stream.sendOrder = value;
			},
			write: (chunk) => stream.write(chunk),
			finish: () => {
				record.finished = true;
				return stream.finish();
			},
			reset: (code) => {
				record.resets.push(code);
				stream.reset(code);
			},
			closed: stream.closed,
		};
	}
}

/** A subscription sink: an ObjectQueue that also records its streams' ends. */
export function subscriptionQueue(options: ConstructorParameters<typeof ObjectQueue>[0] = {}): {
	queue: ObjectQueue<ReceivedObject>;
	ends: SubgroupStreamEnd[];
} {
	const ends: SubgroupStreamEnd[] = [];
	const queue = new ObjectQueue<ReceivedObject>({ ...options, onStreamEnd: (info) => ends.push(info) });
	return { queue, ends };
}

/** Options of {@link connect}. */
export interface ConnectOptions {
	readonly pair?: MemoryPairOptions;
	readonly router?: Partial<DataStreamRouterOptions>;
	/** Alias → sink (or "pending"); a missing alias resolves to undefined. */
	readonly aliases?: Map<bigint, ObjectSink | "pending">;
	readonly fetches?: Map<bigint, FetchRoute>;
	readonly clock?: FakeClock;
}

/** A publisher transport joined to a router on the other end of an in-memory pair. */
export interface Connected {
	readonly draft: Draft;
	readonly clock: FakeClock;
	readonly publisher: MemorySession;
	readonly subscriber: MemorySession;
	readonly transport: RecordingTransport;
	readonly router: DataStreamRouter;
	readonly aliases: Map<bigint, ObjectSink | "pending">;
	readonly fetches: Map<bigint, FetchRoute>;
	readonly errors: WireError[];
	readonly controlStreams: { stream: DataReceiveStream; head: Uint8Array }[];
	/** Every handleStream promise, to wait for the router to finish each stream. */
	readonly reading: Promise<void>[];
	/** Closes both sessions and the router, and waits for the pumps and the streams' reading. */
	close(): Promise<void>;
}

/** Builds a pair, a recording transport on the publisher side and a router on the subscriber side. */
export function connect(draft: Draft, options: ConnectOptions = {}): Connected {
	const [publisher, subscriber] = createMemoryPair(options.pair);
	const clock = options.clock ?? new FakeClock();
	const aliases = options.aliases ?? new Map<bigint, ObjectSink | "pending">();
	const fetches = options.fetches ?? new Map<bigint, FetchRoute>();
	const errors: WireError[] = [];
	const controlStreams: { stream: DataReceiveStream; head: Uint8Array }[] = [];
	const reading: Promise<void>[] = [];
	const router = new DataStreamRouter({
		draft,
		clock,
		resolveAlias: (alias) => aliases.get(alias),
		resolveFetch: (id) => fetches.get(id),
		onError: (e) => errors.push(e),
		onControlStream: (stream, head) => controlStreams.push({ stream, head }),
		...options.router,
	});
	const pumps = [
		(async () => {
			for await (const stream of subscriber.incomingUni) reading.push(router.handleStream(stream));
		})(),
		(async () => {
			for await (const datagram of subscriber.datagrams.incoming) router.handleDatagram(datagram);
		})(),
	];
	return {
		draft,
		clock,
		publisher,
		subscriber,
		transport: new RecordingTransport(publisher),
		router,
		aliases,
		fetches,
		errors,
		controlStreams,
		reading,
		async close() {
			publisher.close();
			// The driver's part: the session is over, stop reading.
			router.close();
			await Promise.all(pumps);
			await Promise.all(reading);
		},
	};
}

/** Takes `n` items from a queue (fails the test by timing out if they never come). */
export async function take<T>(queue: ObjectQueue<T>, n: number): Promise<T[]> {
	const out: T[] = [];
	while (out.length < n) {
		const r = await queue.next();
		if (r.done) break;
		out.push(r.value);
	}
	return out;
}

/** Every item until the queue ends. */
export async function drain<T>(queue: ObjectQueue<T>): Promise<T[]> {
	const out: T[] = [];
	for await (const item of queue) out.push(item);
	return out;
}

/** A payload whose bytes identify it. */
export function bytes(...values: number[]): Uint8Array {
	return Uint8Array.from(values);
}

/** The text of a payload. */
export function text(s: string): Uint8Array {
	return new TextEncoder().encode(s);
}

/** A fetch sink. */
export function fetchQueue(options: ConstructorParameters<typeof ObjectQueue>[0] = {}): ObjectQueue<FetchItemReceived> {
	return new ObjectQueue<FetchItemReceived>(options);
}
