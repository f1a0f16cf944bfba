/**
 * The publisher process: one track of 1 KiB objects at a fixed rate, each carrying its send time
 * ({@link SENT_AT}); a group (one subgroup stream, End of Group) every {@link GROUP_OBJECTS}
 * objects. Every SUBSCRIBE it receives is fed from the same sequence.
 *
 * - `publisher.ts relay <url> <hash> <rate>`: connects to the relay (draft-19) and publishes the
 *   namespace; the relay's single upstream SUBSCRIBE gets the objects.
 * - `publisher.ts direct <rate>`: listens on raw QUIC itself (the 1 → 1 baseline, no relay): each
 *   subscriber's SUBSCRIBE gets the objects.
 *
 * The sequence starts when the process is ready and never stops, so subscribers join a running
 * stream as they would a live one.
 *
 * @module
 */

import { connectTransport } from "@moqt/relay";
import { establishSession, type IncomingSubscribe, type SubgroupSender, type TrackPublisher } from "@moqt/session";
import { generateCertificate } from "@moqt/transport/cert";
import { listenQuic } from "@moqt/transport/quic";
import {
	DRAFT,
	type FromPublisher,
	GROUP_OBJECTS,
	NAMESPACE,
	nowMicros,
	OBJECT_SIZE,
	SENT_AT,
	type ToPublisher,
	type Window,
} from "./protocol.js";

const send = (message: FromPublisher) => process.send?.(message);
const ignore = () => {};

/** One subscription being fed: its publisher and the subgroup of the current group. */
interface Feed {
	readonly track: TrackPublisher;
	group: number;
	subgroup: SubgroupSender | undefined;
}

const feeds = new Set<Feed>();
let seq = 0;
let window: Window | undefined;

function serve(request: IncomingSubscribe): void {
	const feed: Feed = { track: request.accept(), group: -1, subgroup: undefined };
	feeds.add(feed);
	void feed.track.done.then(() => feeds.delete(feed));
}

function emit(): void {
	const group = Math.floor(seq / GROUP_OBJECTS);
	const object = seq % GROUP_OBJECTS;
	// A fresh payload per object, shared by every subscription: what a media source hands over.
	const payload = new Uint8Array(OBJECT_SIZE);
	const sentAt = nowMicros();
	const properties = [{ type: SENT_AT, value: BigInt(sentAt) }];
	for (const feed of feeds) {
		if (feed.group !== group) {
			void feed.subgroup?.end().catch(ignore);
			feed.group = group;
			feed.subgroup = feed.track.openSubgroup({
				groupId: BigInt(group),
				subgroupId: 0n,
				endOfGroup: true,
				firstObject: object === 0,
			});
		}
		feed.subgroup!.writeObject({ objectId: BigInt(object), payload, properties }).catch(ignore);
	}
	if (window !== undefined && (seq === window.start || seq === window.end - 1)) {
		send({ type: "sent", seq, micros: sentAt });
	}
	seq++;
}

/** Emits `rate` objects per second from now on, catching up after a late timer. */
function pace(rate: number): void {
	const start = performance.now();
	const tick = () => {
		const due = Math.floor(((performance.now() - start) * rate) / 1000) + 1;
		while (seq < due) emit();
		setTimeout(tick, Math.max(0, start + (seq * 1000) / rate - performance.now()));
	};
	tick();
}

async function start(argv: readonly string[]): Promise<() => Promise<void>> {
	const [mode, ...rest] = argv;
	if (mode === "relay") {
		const [url, hash, rate] = rest as [string, string, string];
		const authority = new URL(url).host;
		const transport = await connectTransport(url, { certificateHashes: [Buffer.from(hash, "hex")], drafts: [DRAFT] });
		const session = await establishSession(transport, {
			role: "client",
			setup: { path: new URL(url).pathname, authority },
			handlers: { onSubscribe: serve },
		});
		await session.publishNamespace(NAMESPACE);
		pace(Number(rate));
		send({ type: "ready" });
		return async () => {
			await session.close();
		};
	}
	if (mode === "direct") {
		const rate = Number(rest[0]);
		const certificate = generateCertificate();
		const server = await listenQuic({
			host: "127.0.0.1",
			port: 0,
			cert: certificate.cert,
			key: certificate.key,
			alpn: [`moqt-${DRAFT}`],
		});
		void (async () => {
			for await (const request of server.requests) {
				void request
					.accept()
					.then((transport) => establishSession(transport, { role: "server", handlers: { onSubscribe: serve } }))
					.catch(ignore);
			}
		})();
		pace(rate);
		const url = `moqt://127.0.0.1:${server.address.port}/bench`;
		send({ type: "ready", endpoint: { url, hash: certificate.sha256Hex } });
		return () => server.close();
	}
	throw new Error(`usage: publisher.ts relay <url> <hash> <rate> | direct <rate>, not ${argv.join(" ")}`);
}

if (!process.send) throw new Error("publisher.ts is forked by run.ts");
// The benchmark is gone (ended, or killed without closing us): so are we.
process.on("disconnect", () => process.exit(0));
try {
	const close = await start(process.argv.slice(2));
	process.on("message", (message: ToPublisher) => {
		if (message.type === "window") window = message.window;
		else if (message.type === "seq") send({ type: "seq", seq });
		else if (message.type === "close") {
			for (const feed of feeds) feed.track.close();
			void close()
				.catch(ignore)
				.finally(() => process.exit(0));
		}
	});
} catch (error) {
	send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	process.exit(1);
}
