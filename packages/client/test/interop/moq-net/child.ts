/**
 * The @moq/net side of the interop tests, one child process per test case (forked by peer.ts),
 * so that nothing @moq/net leaves running can hold the test worker open: the test kills this
 * process when the case ends. It takes the commands of protocol.ts over IPC and drives
 * @moq/net 0.3.4 through its public API only, on `@fails-components/webtransport` over HTTP/2, as a
 * Node.js user of @moq/net would (plus the shims of fails.ts).
 *
 * @module
 */

import "./polyfills.js";
import { type Announce, Broadcast, Connection, Path, Time, type Track } from "@moq/net";
import { asW3c, copyWrites, FLOW_CONTROL, loadFails, parseSfString, parseSfStringList, sfString } from "./fails.js";
import type {
	PeerAnnouncement,
	PeerCertificate,
	PeerCommands,
	PeerGroup,
	PeerRequest,
	PeerResponse,
} from "./protocol.js";

type Established = Awaited<ReturnType<typeof Connection.connect>>;

// @moq/net logs every request at debug level; the tests keep its warnings and errors.
console.debug = () => {};

const certificate = JSON.parse(process.env.MOQ_NET_PEER_CERT ?? "null") as PeerCertificate | null;
const fails = await loadFails();

let connection: Established | undefined;
let accepting: Promise<Established> | undefined;
const broadcasts = new Map<string, Broadcast.Producer>();
const tracks = new Map<string, Track.Producer>();
const watches = new Map<string, Announce.Consumer>();
// Requests for tracks a broadcast does not have, refused by the application: `path\ntrack` → resolve.
const refusals = new Map<string, { readonly refused: Promise<void>; readonly resolve: () => void }>();

const key = (path: string, track: string) => `${path}\n${track}`;
const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

function refusal(path: string, track: string) {
	let entry = refusals.get(key(path, track));
	if (entry === undefined) {
		let resolve!: () => void;
		const refused = new Promise<void>((r) => {
			resolve = r;
		});
		entry = { refused, resolve };
		refusals.set(key(path, track), entry);
	}
	return entry;
}

function current(): Established {
	if (connection === undefined) throw new Error("no session yet");
	return connection;
}

function published(path: string, name: string): Track.Producer {
	const producer = tracks.get(key(path, name));
	if (producer === undefined) throw new Error(`not publishing ${path} ${name}`);
	return producer;
}

function watch(prefix: string): Announce.Consumer {
	const consumer = watches.get(prefix);
	if (consumer === undefined) throw new Error(`not watching ${prefix}`);
	return consumer;
}

// Serves one broadcast's requests for tracks it does not have: the application refuses them.
async function refuseUnknownTracks(path: string, broadcast: Broadcast.Producer): Promise<void> {
	for (;;) {
		const request = await broadcast.requested().catch(() => undefined);
		if (request === undefined) return;
		request.reject(new Error(`no track ${request.name}`));
		refusal(path, request.name).resolve();
	}
}

type Handlers = { [K in keyof PeerCommands]: (args: PeerCommands[K]["args"]) => Promise<PeerCommands[K]["result"]> };

const handlers: Handlers = {
	async listen({ protocols, version }) {
		if (certificate === null) throw new Error("no certificate given");
		const server = new fails.Http2Server({
			host: "127.0.0.1",
			port: 0,
			cert: certificate.cert,
			privKey: certificate.key,
			secret: "moq-net-interop",
			...FLOW_CONTROL,
		});
		// One session per child: the protocol chosen for the last request is the session's.
		let chosen: string | undefined;
		server.setRequestCallback(async ({ header }) => {
			chosen = parseSfStringList(header["wt-available-protocols"]).find((p) => protocols.includes(p));
			return { status: 200, path: "/moq", ...(chosen !== undefined && { selectedProtocol: sfString(chosen) }) };
		});
		const visit = server.onHttpWTSessionVisitor;
		server.onHttpWTSessionVisitor = (event) => {
			visit.call(server, event);
			copyWrites(event.session.jsobj);
		};
		const sessions = server.sessionStream("/moq");
		server.startServer();
		await server.ready;
		const port = server.address()?.port ?? 0;
		accepting = (async () => {
			const next = await sessions.getReader().read();
			if (next.done) throw new Error("the server closed before a session came");
			await next.value.ready;
			// The library's server sessions report no protocol: hand @moq/net the one chosen above.
			connection = await Connection.accept(asW3c(next.value, chosen), new URL(`https://127.0.0.1:${port}/moq`), {
				...(version !== undefined && { version }),
			});
			return connection;
		})();
		accepting.catch(() => undefined);
		return { port };
	},

	async accepted() {
		if (accepting === undefined) throw new Error("not listening");
		return { version: (await accepting).version };
	},

	async connect({ url, protocols, hash }) {
		const wt = new fails.WebTransport(url, {
			forceReliable: true,
			protocols: [...protocols],
			serverCertificateHashes: [{ algorithm: "sha-256", value: Buffer.from(hash, "hex") }],
			...FLOW_CONTROL,
		});
		copyWrites(wt.sessionint);
		wt.closed.catch(() => undefined);
		await wt.ready;
		const protocol = parseSfString((wt as { readonly protocol?: string }).protocol);
		connection = await Connection.connect(new URL(url), { transport: asW3c(wt, protocol) });
		return { version: connection.version };
	},

	async publish({ path, track }) {
		let broadcast = broadcasts.get(path);
		if (broadcast === undefined) {
			broadcast = new Broadcast.Producer();
			broadcasts.set(path, broadcast);
			current().publish(Path.from(path), broadcast);
			void refuseUnknownTracks(path, broadcast);
		}
		tracks.set(key(path, track), broadcast.createTrack(track));
		return null;
	},

	async waitSubscribed({ path, track }) {
		const producer = published(path, track);
		while (!producer.used.peek()) await producer.used.changed();
		return null;
	},

	async waitUnsubscribed({ path, track }) {
		await published(path, track).unused();
		return null;
	},

	async waitRefused({ path, track }) {
		await refusal(path, track).refused;
		return null;
	},

	async writeGroup({ path, track, frames }) {
		const group = published(path, track).appendGroup();
		for (const frame of frames) {
			group.writeFrame({ payload: Buffer.from(frame, "base64"), timestamp: Time.Timestamp.now() });
		}
		group.close();
		return { sequence: group.sequence };
	},

	async closeTrack({ path, track }) {
		published(path, track).close();
		return null;
	},

	async unpublish({ path }) {
		broadcasts.get(path)?.close();
		broadcasts.delete(path);
		return null;
	},

	async subscribe({ path, track, groups: count }) {
		const broadcast = current().consume(Path.from(path));
		const subscriber = broadcast.subscribe(track);
		const groups: PeerGroup[] = [];
		try {
			while (groups.length < count) {
				const group = await subscriber.recvGroup();
				if (group === undefined) throw (await subscriber.closed) ?? new Error("the track ended");
				const frames: string[] = [];
				for (let frame = await group.readFrame(); frame !== undefined; frame = await group.readFrame()) {
					frames.push(base64(frame.payload));
				}
				groups.push({ sequence: group.sequence, frames });
			}
		} finally {
			subscriber.close();
			broadcast.close();
		}
		return { groups };
	},

	async watchAnnounced({ prefix }) {
		watches.set(prefix, current().announced(Path.from(prefix)));
		return null;
	},

	async nextAnnounced({ prefix, count }) {
		const consumer = watch(prefix);
		const events: PeerAnnouncement[] = [];
		while (events.length < count) {
			const event = await consumer.next();
			if (event === undefined) throw new Error("the announcements ended");
			events.push({ path: event.path, active: event.active });
		}
		return { events };
	},

	async stopAnnounced({ prefix }) {
		watch(prefix).close();
		watches.delete(prefix);
		return null;
	},

	async close() {
		current().close();
		return null;
	},

	async closed() {
		await current().closed.catch(() => undefined);
		return null;
	},
};

process.on("message", (message: PeerRequest) => {
	const handler = handlers[message.op] as (args: unknown) => Promise<unknown>;
	const reply = (response: PeerResponse) => process.send?.(response);
	handler(message.args).then(
		(result) => reply({ id: message.id, ok: true, result }),
		(error: unknown) =>
			reply({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
	);
});
// The test process is gone (it ended, or crashed without killing us): so are we.
process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
