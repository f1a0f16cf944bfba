/**
 * The relay's Prometheus metrics (`prom-client`), in a registry the relay owns: never prom-client's
 * global one, so two relays in one process, or a relay inside an application that has its own
 * metrics, do not collide.
 *
 * Labels take values from small fixed sets (drafts, transports, request kinds, error names), so
 * the number of series stays bounded whatever peers send. Error codes are labelled by the drafts'
 * names ("UNAUTHORIZED"), not numbers, since the numbers differ between drafts (see `@moqt/wire`'s
 * error-code tables). Cache figures are read from the cache at scrape time.
 *
 * @module
 */

import type { Draft } from "@moqt/wire";
import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { CacheStats } from "../cache/object-cache.js";

/** How a session reached the relay. */
export const RelayTransport = {
	/** Raw QUIC with the MoQT ALPN. */
	QUIC: "quic",
	/** WebTransport over HTTP/3. */
	WEBTRANSPORT_H3: "webtransport-h3",
	/** WebTransport over HTTP/2. */
	WEBTRANSPORT_H2: "webtransport-h2",
	/** An in-process pair (tests, embedding). */
	MEMORY: "memory",
} as const;
/** A {@link RelayTransport}. */
export type RelayTransport = (typeof RelayTransport)[keyof typeof RelayTransport];

/** What kind of request a subscription gauge counts. */
export type RequestKind =
	| "subscribe"
	| "fetch"
	| "publish"
	| "publish_namespace"
	| "subscribe_namespace"
	| "subscribe_tracks"
	| "track_status";

/** Where an error happened: the whole session, one request, or one data stream. */
export type ErrorScope = "session" | "request" | "stream";

/** Which way data flowed: from publishers into the relay, or from the relay to subscribers. */
export type Direction = "in" | "out";

/** Options of {@link RelayMetrics}. */
export interface RelayMetricsOptions {
	/** Prefix of every metric name (default "moqt_relay_"). */
	readonly prefix?: string;
	/** Also export prom-client's process metrics (CPU, memory, event loop) into this registry. */
	readonly processMetrics?: boolean;
}

/** The relay's metrics and the registry they live in. */
export class RelayMetrics {
	/** The registry to scrape; see metrics-server.ts. */
	readonly registry = new Registry();
	readonly #sessions: Gauge<"draft" | "transport">;
	readonly #sessionsTotal: Counter<"draft" | "transport">;
	readonly #requests: Gauge<"kind">;
	readonly #flow = { in: { objects: 0, bytes: 0 }, out: { objects: 0, bytes: 0 } };
	readonly #dropObjects: Counter<"reason">;
	readonly #dropBytes: Counter<"reason">;
	readonly #errors: Counter<"scope" | "code">;
	#cache: (() => CacheStats) | undefined;

	constructor(options: RelayMetricsOptions = {}) {
		const p = options.prefix ?? "moqt_relay_";
		const registers = [this.registry];
		this.#sessions = new Gauge({
			name: `${p}sessions`,
			help: "Open MoQT sessions.",
			labelNames: ["draft", "transport"],
			registers,
		});
		this.#sessionsTotal = new Counter({
			name: `${p}sessions_total`,
			help: "MoQT sessions opened.",
			labelNames: ["draft", "transport"],
			registers,
		});
		this.#requests = new Gauge({
			name: `${p}active_requests`,
			help: "Active subscriptions, fetches, publications and namespace requests, by kind.",
			labelNames: ["kind"],
			registers,
		});
		// Counted per object on the data path: plain numbers there, moved into the counters at scrape.
		const flow = this.#flow;
		new Counter({
			name: `${p}objects_total`,
			help: "Objects received from publishers (in) and sent to subscribers (out).",
			labelNames: ["direction"],
			registers,
			collect() {
				for (const direction of ["in", "out"] as const) {
					this.inc({ direction }, flow[direction].objects);
					flow[direction].objects = 0;
				}
			},
		});
		new Counter({
			name: `${p}payload_bytes_total`,
			help: "Object payload bytes received (in) and sent (out).",
			labelNames: ["direction"],
			registers,
			collect() {
				for (const direction of ["in", "out"] as const) {
					this.inc({ direction }, flow[direction].bytes);
					flow[direction].bytes = 0;
				}
			},
		});
		this.#dropObjects = new Counter({
			name: `${p}dropped_objects_total`,
			help: "Objects dropped for slow subscribers, by reason.",
			labelNames: ["reason"],
			registers,
		});
		this.#dropBytes = new Counter({
			name: `${p}dropped_bytes_total`,
			help: "Object bytes dropped for slow subscribers, by reason.",
			labelNames: ["reason"],
			registers,
		});
		this.#errors = new Counter({
			name: `${p}errors_total`,
			help: "Errors sent or received, by scope and the draft's error name.",
			labelNames: ["scope", "code"],
			registers,
		});
		this.#cacheMetrics(p);
		if (options.processMetrics === true) collectDefaultMetrics({ register: this.registry, prefix: p });
	}

	/** A session opened. */
	sessionOpened(draft: Draft, transport: RelayTransport): void {
		const labels = { draft: String(draft), transport };
		this.#sessions.inc(labels);
		this.#sessionsTotal.inc(labels);
	}

	/** A session closed. */
	sessionClosed(draft: Draft, transport: RelayTransport): void {
		this.#sessions.dec({ draft: String(draft), transport });
	}

	/** A request of `kind` became active. */
	requestStarted(kind: RequestKind): void {
		this.#requests.inc({ kind });
	}

	/** A request of `kind` ended. */
	requestEnded(kind: RequestKind): void {
		this.#requests.dec({ kind });
	}

	/** `count` objects carrying `payloadBytes` flowed `direction`. */
	objects(direction: Direction, count: number, payloadBytes: number): void {
		const flow = this.#flow[direction];
		flow.objects += count;
		flow.bytes += payloadBytes;
	}

	/** Objects were dropped for a slow subscriber (see subscriber-queue.ts). */
	dropped(reason: string, objects: number, bytes: number): void {
		this.#dropObjects.inc({ reason }, objects);
		this.#dropBytes.inc({ reason }, bytes);
	}

	/** An error with the draft's name `code` (e.g. "UNAUTHORIZED") was sent or received. */
	error(scope: ErrorScope, code: string): void {
		this.#errors.inc({ scope, code });
	}

	/** Reads the cache's figures from `stats` at every scrape. */
	observeCache(stats: () => CacheStats): void {
		this.#cache = stats;
	}

	#cacheMetrics(p: string): void {
		const registers = [this.registry];
		const read = () => this.#cache?.();
		const gauge = (name: string, help: string, pick: (s: CacheStats) => number) =>
			new Gauge({
				name: `${p}${name}`,
				help,
				registers,
				collect() {
					this.set(read() === undefined ? 0 : pick(read()!));
				},
			});
		// The cache keeps monotonic totals; a counter mirrors them by resetting and adding at scrape.
		const counter = (name: string, help: string, pick: (s: CacheStats) => number) =>
			new Counter({
				name: `${p}${name}`,
				help,
				registers,
				collect() {
					const stats = read();
					this.reset();
					if (stats !== undefined) this.inc(pick(stats));
				},
			});
		gauge("cache_bytes", "Bytes charged against the cache budget.", (s) => s.bytes);
		gauge("cache_max_bytes", "The cache budget in bytes.", (s) => s.maxBytes);
		gauge("cache_objects", "Objects in the cache.", (s) => s.objects);
		counter("cache_hits_total", "Cache lookups answered from the cache.", (s) => s.hits);
		counter("cache_misses_total", "Cache lookups that met an unknown object.", (s) => s.misses);
		counter("cache_evictions_total", "Objects evicted to stay within the cache budget.", (s) => s.evictions);
		counter("cache_expired_total", "Objects dropped when their MAX_CACHE_DURATION ran out.", (s) => s.expired);
	}
}
