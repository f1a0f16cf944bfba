/**
 * A subscriber host process: many subscriber sessions in one process (each its own transport
 * session, UDP socket and MoQT session), so that a thousand subscribers fit on a small machine.
 * Each subscribes to the benchmark track and checks every object of the measured window: which
 * sequence numbers arrived (so loss and gaps are exact), duplicates, payload size, and latency
 * (receive time minus the send time the object carries).
 *
 * @module
 */

import { connectTransport } from "@moqt/relay";
import { establishSession, type MoqtSession } from "@moqt/session";
import { ObjectStatus } from "@moqt/wire";
import { Histogram } from "./histogram.js";
import {
	DRAFT,
	type Endpoint,
	type FromSubscribers,
	NAMESPACE,
	nowMicros,
	OBJECT_SIZE,
	SENT_AT,
	seqOf,
	type ToSubscribers,
	TRACK,
	type Window,
} from "./protocol.js";

const send = (message: FromSubscribers) => process.send?.(message);

/** One subscriber's record of the window. */
class Subscriber {
	session: MoqtSession | undefined;
	/** The largest sequence number received. */
	last = -1;
	received = 0;
	anomalies = 0;
	failure: string | undefined;
	#seen: Uint8Array | undefined;

	measure(window: Window): void {
		this.#seen = new Uint8Array(window.end - window.start);
	}

	/** Records one object; `seq` in the window has `#seen` set. */
	record(seq: number, start: number, size: number, sentAt: unknown): void {
		if (seq > this.last) this.last = seq;
		const seen = this.#seen;
		const i = seq - start;
		if (seen === undefined || i < 0 || i >= seen.length) return;
		if (seen[i] === 1 || size !== OBJECT_SIZE) {
			this.anomalies++;
			return;
		}
		seen[i] = 1;
		this.received++;
		if (typeof sentAt === "bigint") latency.record(nowMicros() - Number(sentAt));
		else this.anomalies++;
	}

	/** Runs of consecutive missing objects in the window. */
	gaps(): number {
		let gaps = 0;
		const seen = this.#seen ?? new Uint8Array(0);
		for (let i = 0; i < seen.length; i++) if (seen[i] === 0 && (i === 0 || seen[i - 1] === 1)) gaps++;
		return gaps;
	}
}

const subscribers: Subscriber[] = [];
const latency = new Histogram();
let window: Window | undefined;

async function connect(endpoint: Endpoint, subscriber: Subscriber): Promise<void> {
	const url = new URL(endpoint.url);
	const transport = await connectTransport(endpoint.url, {
		certificateHashes: [Buffer.from(endpoint.hash, "hex")],
		drafts: [DRAFT],
	});
	subscriber.session = await establishSession(transport, {
		role: "client",
		...(url.protocol === "moqt:" && { setup: { path: url.pathname, authority: url.host } }),
	});
}

async function subscribe(subscriber: Subscriber): Promise<void> {
	const subscription = await subscriber.session!.subscribe(NAMESPACE, TRACK);
	void (async () => {
		try {
			for await (const o of subscription) {
				if (o.status !== ObjectStatus.NORMAL) continue; // End of Group markers
				const sentAt = o.properties.find((p) => p.type === SENT_AT)?.value;
				subscriber.record(seqOf(o.groupId, o.objectId), window?.start ?? 0, o.payload.byteLength, sentAt);
			}
			const done = await subscription.done;
			subscriber.failure = `subscription ended: ${done instanceof Error ? done.message : JSON.stringify(done)}`;
		} catch (error) {
			subscriber.failure = `subscription failed: ${error instanceof Error ? error.message : String(error)}`;
		}
	})();
}

/** Connects `count` subscriber sessions, `concurrency` at a time. */
async function connectAll(endpoint: Endpoint, count: number, concurrency: number): Promise<void> {
	for (let i = 0; i < count; i++) subscribers.push(new Subscriber());
	let next = 0;
	const worker = async () => {
		while (next < subscribers.length) await connect(endpoint, subscribers[next++]!);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Resolves once every live subscriber has the window's last object, or after `graceMs`. */
async function collect(graceMs: number): Promise<void> {
	const end = window!.end;
	const deadline = performance.now() + graceMs;
	while (performance.now() < deadline) {
		if (subscribers.every((s) => s.last >= end - 1 || s.failure !== undefined)) return;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

function report(): FromSubscribers {
	return {
		type: "done",
		report: {
			received: subscribers.map((s) => s.received),
			gaps: subscribers.reduce((sum, s) => sum + s.gaps(), 0),
			anomalies: subscribers.reduce((sum, s) => sum + s.anomalies, 0),
			failures: subscribers.flatMap((s) => (s.failure === undefined ? [] : [s.failure])),
			latency: latency.toData(),
		},
	};
}

function fail(error: unknown): void {
	const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
	process.send?.({ type: "error", message } satisfies FromSubscribers, () => process.exit(1));
}

if (!process.send) throw new Error("subscribers.ts is forked by run.ts");
process.on("disconnect", () => process.exit(0));
process.on("message", (message: ToSubscribers) => {
	switch (message.type) {
		case "connect": {
			const started = performance.now();
			connectAll(message.endpoint, message.count, message.concurrency).then(
				() => send({ type: "connected", ms: performance.now() - started }),
				fail,
			);
			break;
		}
		case "subscribe": {
			const started = performance.now();
			Promise.all(subscribers.map(subscribe)).then(
				() => send({ type: "subscribed", ms: performance.now() - started }),
				fail,
			);
			break;
		}
		case "window":
			window = message.window;
			for (const s of subscribers) s.measure(message.window);
			break;
		case "collect":
			void collect(message.graceMs).then(() => send(report()), fail);
			break;
		case "close":
			void Promise.allSettled(subscribers.map((s) => s.session?.close())).finally(() => process.exit(0));
			break;
	}
});
