/**
 * One benchmark case: a publisher, the relay app (or none: the publisher serves the subscriber
 * itself), and `subscribers` subscriber sessions spread over subscriber host processes. After
 * every subscriber is set up, the publisher's sequence picks the window: the objects sent from
 * `warmupS` seconds later, for `measureS` seconds. CPU time of every process is read from /proc
 * when the publisher sends the window's first and last object; the subscribers then get up to
 * `graceMs` to receive the last one before they report.
 *
 * @module
 */

import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { forkModule, stop, tell, waitFor } from "./children.js";
import { Histogram } from "./histogram.js";
import { cpuSeconds } from "./proc.js";
import type {
	Endpoint,
	FromPublisher,
	FromSubscribers,
	HostReport,
	ToPublisher,
	ToSubscribers,
	Window,
} from "./protocol.js";
import { RelayApp, type RelayCounters } from "./relay-app.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** What a case runs. */
export interface CaseSpec {
	readonly name: string;
	/** "relay": through the relay app; "direct": the subscriber connects to the publisher. */
	readonly via: "relay" | "direct";
	readonly subscribers: number;
	readonly transport: "quic" | "webtransport-h3";
	/** Objects per second. */
	readonly rate: number;
	readonly warmupS: number;
	readonly measureS: number;
	/** Subscriber sessions per host process. */
	readonly perHost: number;
	/** Node.js flags for the relay process (`--cpu-prof`...). */
	readonly relayExecArgv: readonly string[];
}

/** What a case measured. */
export interface CaseResult {
	readonly spec: CaseSpec;
	readonly window: Window;
	/** Publisher time from the window's first object to its last, in seconds. */
	readonly seconds: number;
	/** Setting up every subscriber session, then their SUBSCRIBEs (ms). */
	readonly connectMs: number;
	readonly subscribeMs: number;
	readonly received: readonly number[];
	readonly gaps: number;
	readonly anomalies: number;
	readonly failures: readonly string[];
	readonly latency: Histogram;
	/** CPU seconds over the window. */
	readonly cpu: { readonly relay: number | undefined; readonly publisher: number; readonly subscribers: number };
	/** Relay RSS in MiB: before subscribers, after they are set up, at the end; and its peak. */
	readonly relayMemory:
		| { readonly idle: number; readonly ready: number; readonly end: number; readonly peak: number }
		| undefined;
	/** Relay counters over the window. */
	readonly relayCounters: RelayCounters | undefined;
	readonly relayWarnings: readonly string[];
}

const GRACE_MS = 5_000;
const CONNECT_CONCURRENCY = 16;

function sampleCpu(relay: RelayApp | undefined, publisher: ChildProcess, hosts: readonly ChildProcess[]) {
	return {
		relay: relay?.cpuSeconds(),
		publisher: cpuSeconds(publisher.pid!),
		subscribers: hosts.reduce((sum, host) => sum + cpuSeconds(host.pid!), 0),
	};
}

function difference(before: RelayCounters, after: RelayCounters): RelayCounters {
	return {
		objectsIn: after.objectsIn - before.objectsIn,
		objectsOut: after.objectsOut - before.objectsOut,
		dropped: after.dropped - before.dropped,
	};
}

/** Runs one case; every process it started is stopped before it returns or throws. */
export async function runCase(spec: CaseSpec): Promise<CaseResult> {
	let relay: RelayApp | undefined;
	let publisher: ChildProcess | undefined;
	const hosts: ChildProcess[] = [];
	try {
		let endpoint: Endpoint;
		let idleRss: number | undefined;
		if (spec.via === "relay") {
			relay = await RelayApp.start(spec.relayExecArgv);
			idleRss = relay.memoryMiB().rss;
			const relayUrl = `moqt://127.0.0.1:${relay.port}/bench`;
			publisher = forkModule(here("./publisher.ts"), ["relay", relayUrl, relay.hash, String(spec.rate)]);
			await waitFor<FromPublisher, true>(publisher, "publisher", (m) => m.type === "ready" || undefined, 30_000);
			const scheme = spec.transport === "quic" ? "moqt" : "https";
			endpoint = { url: `${scheme}://127.0.0.1:${relay.port}/bench`, hash: relay.hash };
		} else {
			publisher = forkModule(here("./publisher.ts"), ["direct", String(spec.rate)]);
			endpoint = await waitFor<FromPublisher, Endpoint>(
				publisher,
				"publisher",
				(m) => (m.type === "ready" ? m.endpoint : undefined),
				30_000,
			);
		}

		const hostCount = Math.ceil(spec.subscribers / spec.perHost);
		for (let i = 0; i < hostCount; i++) hosts.push(forkModule(here("./subscribers.ts")));
		// Two phases, so that no data flows while sessions are being set up: the relay's upstream
		// subscription starts with the first SUBSCRIBE.
		const ask = (message: ToSubscribers, answer: FromSubscribers["type"], timeoutMs: number) =>
			Promise.all(
				hosts.map((host, i) => {
					const answered = waitFor<FromSubscribers, number>(
						host,
						`subscriber host ${i}`,
						(m) => (m.type === answer && "ms" in m ? m.ms : undefined),
						timeoutMs,
					);
					// Spread evenly: 1000 over 4 hosts is 250 each.
					const count =
						Math.floor((spec.subscribers * (i + 1)) / hostCount) - Math.floor((spec.subscribers * i) / hostCount);
					tell(host, message.type === "connect" ? { ...message, count } : message);
					return answered;
				}),
			).then((times) => Math.max(...times));
		const connectMs = await ask(
			{ type: "connect", endpoint, count: 0, concurrency: CONNECT_CONCURRENCY },
			"connected",
			180_000,
		);
		const subscribeMs = await ask({ type: "subscribe" }, "subscribed", 60_000);
		const readyRss = relay?.memoryMiB().rss;

		const pub = publisher;
		tell(pub, { type: "seq" } satisfies ToPublisher);
		const seq = await waitFor<FromPublisher, number>(
			pub,
			"publisher",
			(m) => (m.type === "seq" ? m.seq : undefined),
			10_000,
		);
		const start = seq + Math.round(spec.rate * spec.warmupS);
		const window: Window = { start, end: start + Math.round(spec.rate * spec.measureS) };
		for (const host of hosts) tell(host, { type: "window", window } satisfies ToSubscribers);
		const sent = (at: number) =>
			waitFor<FromPublisher, number>(
				pub,
				"publisher",
				(m) => (m.type === "sent" && m.seq === at ? m.micros : undefined),
				(spec.warmupS + spec.measureS) * 1000 + 30_000,
			);
		const first = sent(window.start);
		const last = sent(window.end - 1);
		tell(pub, { type: "window", window } satisfies ToPublisher);

		const t0 = await first;
		const cpu0 = sampleCpu(relay, pub, hosts);
		const counters0 = await relay?.counters();
		const t1 = await last;
		const cpu1 = sampleCpu(relay, pub, hosts);
		const counters1 = await relay?.counters();

		const reports = await Promise.all(
			hosts.map((host, i) => {
				const answer = waitFor<FromSubscribers, HostReport>(
					host,
					`subscriber host ${i}`,
					(m) => (m.type === "done" ? m.report : undefined),
					GRACE_MS + 30_000,
				);
				tell(host, { type: "collect", graceMs: GRACE_MS } satisfies ToSubscribers);
				return answer;
			}),
		);
		const latency = new Histogram();
		for (const report of reports) latency.add(report.latency);
		const memory = relay?.memoryMiB();
		return {
			spec,
			window,
			// From the first object's send to the last's: one object interval short of the window.
			seconds: ((t1 - t0) / 1e6) * ((window.end - window.start) / (window.end - window.start - 1)),
			connectMs,
			subscribeMs,
			received: reports.flatMap((r) => r.received),
			gaps: reports.reduce((sum, r) => sum + r.gaps, 0),
			anomalies: reports.reduce((sum, r) => sum + r.anomalies, 0),
			failures: reports.flatMap((r) => r.failures),
			latency,
			cpu: {
				relay: cpu1.relay === undefined ? undefined : cpu1.relay - cpu0.relay!,
				publisher: cpu1.publisher - cpu0.publisher,
				subscribers: cpu1.subscribers - cpu0.subscribers,
			},
			relayMemory:
				memory === undefined ? undefined : { idle: idleRss!, ready: readyRss!, end: memory.rss, peak: memory.peak },
			relayCounters: counters0 === undefined || counters1 === undefined ? undefined : difference(counters0, counters1),
			relayWarnings: relay?.warnings ?? [],
		};
	} finally {
		// Subscribers first (their sessions close cleanly), then the publisher, then the relay.
		await Promise.all(hosts.map((host) => stop(host, { type: "close" } satisfies ToSubscribers, 10_000)));
		if (publisher !== undefined) await stop(publisher, { type: "close" } satisfies ToPublisher, 10_000);
		await relay?.stop();
	}
}
