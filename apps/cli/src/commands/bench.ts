/**
 * `moqt bench`: an end-to-end probe through a relay. One publisher session and N subscriber
 * sessions in this process, each its own connection: the subscribers subscribe to a fresh track,
 * the publisher sends a fixed number of objects as fast as the relay takes them, each stamped with
 * its send time, and every subscriber counts what arrives. Sender and receivers share one clock,
 * so latencies need no synchronization.
 *
 * @module
 */

import { randomBytes } from "node:crypto";
import { type ClientSession, type ClientSubscription, type ConnectOptions, connect } from "@moqt/client";
import { flag, integerOption, positionals } from "../args.js";
import { latencyMs, nowMicros, sentAtProperty } from "../clock.js";
import { type Command, EXIT_FAILURE, EXIT_OK } from "../command.js";
import { CONNECTION_HELP, CONNECTION_OPTIONS, checkUrl, connectOptions } from "../connection.js";
import { formatBytes, Progress } from "../output/progress.js";
import { type LatencySummary, summarizeLatency } from "../output/stats.js";
import { waitForSubscribers } from "../publishing.js";
import { sleep } from "../stop.js";

/** How long subscribers may stay silent once everything is sent before the probe gives up on them. */
const IDLE_MS = 10_000;

/** What one subscriber saw. */
interface Received {
	count: number;
	bytes: number;
	lastAt: number;
	readonly latencies: number[];
}

/** The probe's figures. */
export interface BenchResult {
	readonly objects: number;
	readonly size: number;
	readonly subscribers: number;
	readonly sendSeconds: number;
	readonly sendObjectsPerSecond: number;
	/** Objects delivered to all subscribers together, per second, first send to last arrival. */
	readonly deliveredObjectsPerSecond: number;
	readonly deliveredMegabytesPerSecond: number;
	readonly received: readonly number[];
	readonly latencyMs: LatencySummary;
}

/** The `bench` command. */
export const benchCommand: Command = {
	name: "bench",
	summary: "measure throughput and latency through a relay",
	help: `Usage: moqt bench <url> [options]

Connects one publisher and --subscribers subscribers (each its own session) to the relay at <url>,
publishes --objects objects of --size bytes on a fresh track as fast as the relay takes them, and
prints the send rate, the delivered rate (objects/s and MB/s over all subscribers) and latency
percentiles (send to receipt, one clock). Exits 1 when a subscriber missed objects.

Options:
  --objects N          objects to send (default 10000)
  --size BYTES         payload size (default 1024)
  --subscribers N      subscriber sessions (default 1)
  --objects-per-group N  objects per group (default 100)
  --json               print the figures as JSON

${CONNECTION_HELP}`,
	options: {
		...CONNECTION_OPTIONS,
		objects: { type: "string" },
		size: { type: "string" },
		subscribers: { type: "string" },
		"objects-per-group": { type: "string" },
		json: { type: "boolean" },
	},
	async run(line, io) {
		const [url] = positionals(line, ["url"]);
		const objects = integerOption(line.values, "objects", 10_000, 1);
		const size = integerOption(line.values, "size", 1024, 0, 16 << 20);
		const subscribers = integerOption(line.values, "subscribers", 1, 1, 100);
		const perGroup = integerOption(line.values, "objects-per-group", 100, 1);
		const options = { ...connectOptions(line.values), signal: io.signal };
		checkUrl(url!);

		const sessions: ClientSession[] = [];
		try {
			const publisher = await connect(url!, options);
			sessions.push(publisher);
			const result = await probe(url!, options, sessions, { objects, size, subscribers, perGroup }, io);
			if (result === undefined) return EXIT_OK;
			io.stdout.write(flag(line.values, "json") ? `${JSON.stringify(result)}\n` : benchText(result));
			return result.received.every((n) => n === objects) ? EXIT_OK : EXIT_FAILURE;
		} finally {
			await Promise.all(sessions.map((s) => s.close()));
		}
	},
};

async function probe(
	url: string,
	options: ConnectOptions,
	sessions: ClientSession[],
	p: { objects: number; size: number; subscribers: number; perGroup: number },
	io: Parameters<Command["run"]>[1],
): Promise<BenchResult | undefined> {
	const publisher = sessions[0]!;
	const namespace = `moqt-bench/${process.pid}-${randomBytes(4).toString("hex")}`;
	const track = publisher.track(namespace, "data", { cache: { groups: 1 } });
	await publisher.publishNamespace(namespace);

	const subscriptions: ClientSubscription[] = [];
	for (let i = 0; i < p.subscribers; i++) {
		const session = await connect(url, options);
		sessions.push(session);
		subscriptions.push(await session.subscribe(namespace, "data"));
	}
	if (!(await waitForSubscribers([track], 1, io.signal))) return undefined;
	io.stderr.write(
		`bench: ${p.objects} objects of ${p.size} bytes to ${p.subscribers} subscriber(s) over ${publisher.transport}, draft-${publisher.draft}\n`,
	);

	const received = subscriptions.map(() => ({ count: 0, bytes: 0, lastAt: 0, latencies: [] as number[] }));
	const receiving = subscriptions.map((s, i) => receive(s, received[i]!, p.objects));
	const progress = new Progress(io.stderr, "sent").start();
	const payload = new Uint8Array(p.size).fill(0x61);
	const start = performance.now();
	try {
		for (let n = 0; n < p.objects && !io.signal.aborted; n += p.perGroup) {
			const group = track.group();
			for (let i = 0; i < p.perGroup && n + i < p.objects; i++) {
				await group.write(payload, { properties: [sentAtProperty()] });
				progress.add(p.size, group.id);
			}
			await group.end();
		}
	} finally {
		progress.stop();
	}
	const sent = performance.now();
	await settle(receiving, received, io.signal);
	for (const s of subscriptions) s.unsubscribe();
	await track.end();

	const lastAt = Math.max(...received.map((r) => r.lastAt));
	const seconds = (Math.max(lastAt, sent) - start) / 1000;
	const delivered = received.reduce((n, r) => n + r.count, 0);
	return {
		objects: p.objects,
		size: p.size,
		subscribers: p.subscribers,
		sendSeconds: (sent - start) / 1000,
		sendObjectsPerSecond: (progress.objects * 1000) / (sent - start),
		deliveredObjectsPerSecond: delivered / seconds,
		deliveredMegabytesPerSecond: (delivered * p.size) / 1e6 / seconds,
		received: received.map((r) => r.count),
		latencyMs: summarizeLatency(received.flatMap((r) => r.latencies)),
	};
}

/** Counts a subscriber's objects until it has `expected` of them or the subscription ends. */
async function receive(subscription: ClientSubscription, into: Received, expected: number): Promise<void> {
	for await (const o of subscription) {
		const latency = latencyMs(o.properties, nowMicros());
		into.lastAt = performance.now();
		into.count++;
		into.bytes += o.payload.length;
		if (latency !== undefined) into.latencies.push(latency);
		if (into.count >= expected) return;
	}
}

/** Waits for every subscriber to finish, giving up once none has received anything for {@link IDLE_MS}. */
async function settle(receiving: Promise<void>[], received: readonly Received[], signal: AbortSignal): Promise<void> {
	let done = false;
	const all = Promise.all(receiving).then(() => {
		done = true;
	});
	let seen = -1;
	while (!done && !signal.aborted) {
		const total = received.reduce((n, r) => n + r.count, 0);
		if (total === seen) return;
		seen = total;
		await Promise.race([all, sleep(IDLE_MS, signal)]);
	}
}

function ms(value: number | undefined): string {
	return value === undefined ? "-" : value.toFixed(2);
}

/** The figures as text. */
export function benchText(r: BenchResult): string {
	const l = r.latencyMs;
	const missing = r.received.some((n) => n !== r.objects) ? ` (received per subscriber: ${r.received.join(", ")})` : "";
	return [
		`sent      ${r.objects} objects x ${formatBytes(r.size)} in ${r.sendSeconds.toFixed(2)} s: ${Math.round(r.sendObjectsPerSecond)} objects/s`,
		`delivered ${Math.round(r.deliveredObjectsPerSecond)} objects/s, ${r.deliveredMegabytesPerSecond.toFixed(1)} MB/s over ${r.subscribers} subscriber(s)${missing}`,
		`latency   p50 ${ms(l.p50)} ms, p90 ${ms(l.p90)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms (${l.count} samples)`,
		"",
	].join("\n");
}
