/**
 * The demo's two endpoints, each its own MoQT session to the relay:
 *
 * - the clock publisher (raw QUIC, draft-19) publishes the `moqt-demo` namespace and, for every
 *   SUBSCRIBE the relay sends it, writes one object per tick: the wall-clock time as text, with
 *   the send time in microseconds as an object property; one group per second, each its own
 *   subgroup stream marked End of Group;
 * - the subscriber (WebTransport over HTTP/3 with draft-16 by default, or raw QUIC draft-14, or
 *   WebTransport over HTTP/2) subscribes to the clock and reports each object with its latency.
 *
 * @module
 */

import { connectTransport } from "@moqt/relay";
import { establishSession, type MoqtSession, type ReceivedObject, type TrackPublisher } from "@moqt/session";
import { connectWebTransportNode } from "@moqt/transport/fails";
import type { TransportSession } from "@moqt/transport/interface";
import { ObjectStatus, type TrackNamespace } from "@moqt/wire";

const encoder = new TextEncoder();

/** The demo track's namespace. */
export const CLOCK_NAMESPACE: TrackNamespace = [encoder.encode("moqt-demo")];
/** The demo track's name. */
export const CLOCK_TRACK = encoder.encode("clock");
/** An application-specific object property (draft-19 reserves 0x78-0x7F): microseconds since the epoch at sending. */
export const SENT_AT_PROPERTY = 0x7an;

/** Wall-clock microseconds, finer than Date.now(). */
export function nowMicros(): bigint {
	return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

/** How the subscriber reaches the relay. */
export type SubscriberTransport = "webtransport-h3" | "webtransport-h2" | "quic";

/** Where the relay is and how to trust it. */
export interface RelayAddress {
	readonly host: string;
	readonly port: number;
	readonly certificateSha256: Uint8Array;
}

async function connect(relay: RelayAddress, transport: SubscriberTransport | "publisher"): Promise<MoqtSession> {
	const authority = `${relay.host}:${relay.port}`;
	const certificateHashes = [relay.certificateSha256];
	let session: TransportSession;
	switch (transport) {
		case "publisher":
		case "quic":
			session = await connectTransport(`moqt://${authority}/demo`, {
				certificateHashes,
				drafts: transport === "quic" ? [14] : [19],
			});
			return establishSession(session, { role: "client", setup: { path: "/demo", authority } });
		case "webtransport-h3":
			session = await connectTransport(`https://${authority}/demo`, { certificateHashes, drafts: [16] });
			return establishSession(session, { role: "client" });
		case "webtransport-h2":
			session = await connectWebTransportNode(`https://${authority}/demo`, {
				serverCertificateHashes: certificateHashes,
				protocols: ["moqt-16"],
				http3: "never",
			});
			return establishSession(session, { role: "client" });
	}
}

/** The clock publisher. */
export class ClockPublisher {
	readonly session: MoqtSession;
	/** Each accepted SUBSCRIBE's track and its clock. */
	readonly #clocks = new Map<TrackPublisher, Clock>();
	readonly #timer: ReturnType<typeof setInterval>;

	private constructor(session: MoqtSession, intervalMs: number) {
		this.session = session;
		session.handlers.onSubscribe = (request) => {
			const track = request.accept();
			this.#clocks.set(track, new Clock(track));
			void track.done.then(() => this.#clocks.delete(track));
		};
		this.#timer = setInterval(() => {
			for (const clock of this.#clocks.values()) clock.tick();
		}, intervalMs);
	}

	/** Connects, publishes the namespace and starts ticking every `intervalMs`. */
	static async start(relay: RelayAddress, intervalMs: number): Promise<ClockPublisher> {
		const session = await connect(relay, "publisher");
		const publisher = new ClockPublisher(session, intervalMs);
		await session.publishNamespace(CLOCK_NAMESPACE);
		return publisher;
	}

	/** Ends the track (PUBLISH_DONE) and the session. */
	async close(): Promise<void> {
		clearInterval(this.#timer);
		for (const track of this.#clocks.keys()) track.close();
		await this.session.close();
	}
}

/** One subscriber's clock: a group per second, an object per tick. */
class Clock {
	readonly #track: TrackPublisher;
	#group = -1n;
	#object = 0n;
	#subgroup: ReturnType<TrackPublisher["openSubgroup"]> | undefined;

	constructor(track: TrackPublisher) {
		this.#track = track;
	}

	tick(): void {
		const sentAt = nowMicros();
		const group = sentAt / 1_000_000n;
		if (group !== this.#group) {
			void this.#subgroup?.end();
			this.#group = group;
			this.#object = 0n;
			this.#subgroup = this.#track.openSubgroup({ groupId: group, subgroupId: 0n, endOfGroup: true });
		}
		const text = new Date(Number(sentAt / 1000n)).toISOString().slice(11, 23);
		this.#subgroup!.writeObject({
			objectId: this.#object++,
			payload: encoder.encode(text),
			properties: [{ type: SENT_AT_PROPERTY, value: sentAt }],
		}).catch(() => undefined);
	}
}

/** An object as the subscriber saw it. */
export interface ClockReading {
	readonly object: ReceivedObject;
	readonly text: string;
	/** Send to receive, in milliseconds. */
	readonly latencyMs: number;
}

/** Subscribes to the clock and calls `onReading` for each object until the subscription ends. */
export async function subscribeClock(
	relay: RelayAddress,
	transport: SubscriberTransport,
	onReading: (reading: ClockReading) => void,
): Promise<{ readonly session: MoqtSession; readonly finished: Promise<void> }> {
	const session = await connect(relay, transport);
	// Drafts with RENDEZVOUS_TIMEOUT may subscribe before the clock is published.
	const wait = session.draft >= 18 ? { rendezvousTimeout: 10_000n } : {};
	const subscription = await session.subscribe(CLOCK_NAMESPACE, CLOCK_TRACK, wait);
	const decoder = new TextDecoder();
	const finished = (async () => {
		for await (const object of subscription) {
			if (object.status !== ObjectStatus.NORMAL) continue;
			const sentAt = object.properties.find((p) => p.type === SENT_AT_PROPERTY)?.value;
			const latencyMs = typeof sentAt === "bigint" ? Number(nowMicros() - sentAt) / 1000 : Number.NaN;
			onReading({ object, text: decoder.decode(object.payload), latencyMs });
		}
	})();
	return { session, finished };
}
