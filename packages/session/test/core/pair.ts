/**
 * Test harness for the session core: two cores (client and server) joined by a simulated
 * transport that carries every transmit to the other side, with a fake clock.
 *
 * Messages travel as bytes: the receiving side decodes the sender's `bytes` with the wire codec,
 * so what a core emits must encode and decode in its draft. Channels are modelled per side: an
 * `open` makes the other side call `channelOpened` and the two channel numbers are paired; each
 * half of a stream is tracked, and writing on a half that was finished or reset fails the test.
 *
 * Also a `Peer`: one core whose peer is the test itself, for feeding hand-made (possibly
 * invalid) messages and reading exactly what the core sends back.
 */

import { type ControlMessage, type Draft, decodeControlMessage, encodeControlMessage } from "@moqt/wire";
import { expect } from "vitest";
import {
	type ChannelEvent,
	type LocalSetup,
	SessionCore,
	type SessionCoreOptions,
	type SessionEvent,
	type SessionLimits,
	type Transmit,
} from "../../src/core/index.js";

/** The drafts the core speaks. */
export const DRAFTS = [14, 16, 18, 19] as const satisfies readonly Draft[];

export type Side = "client" | "server";

/** Options of a pair. */
export interface PairOptions {
	readonly transport?: "quic" | "webtransport";
	readonly client?: LocalSetup;
	readonly server?: LocalSetup;
	readonly clientLimits?: Partial<SessionLimits>;
	readonly serverLimits?: Partial<SessionLimits>;
	readonly checkClientSetup?: SessionCoreOptions["checkPeerSetup"];
	/** Do not complete setup in the constructor. */
	readonly noSetup?: boolean;
}

function decode(bytes: Uint8Array, draft: Draft): ControlMessage {
	const r = decodeControlMessage(bytes, draft);
	if (r.kind !== "ok") throw new Error(`undecodable transmit: ${r.kind === "error" ? r.error.message : "short"}`);
	expect(r.consumed).toBe(bytes.length);
	return r.message;
}

type HalfState = "open" | "fin" | "reset";

interface ChannelState {
	/** The channel number on the other side. */
	peer: number;
	/** Our sending half. */
	send: HalfState;
}

/** Two connected cores. */
export class Pair {
	readonly client: SessionCore;
	readonly server: SessionCore;
	now = 0;
	/** Every event each side raised, in order. */
	readonly events: Record<Side, SessionEvent[]> = { client: [], server: [] };
	/** Every transmit each side made, in order. */
	readonly sent: Record<Side, Transmit[]> = { client: [], server: [] };
	private readonly channels: Record<Side, Map<number, ChannelState>> = { client: new Map(), server: new Map() };
	/** When set, transmits are held instead of delivered (see `flushHeld`). */
	hold = false;
	private readonly held: { from: Side; t: Transmit }[] = [];

	readonly draft: Draft;

	constructor(draft: Draft, options: PairOptions = {}) {
		this.draft = draft;
		const transport = options.transport ?? "quic";
		this.client = new SessionCore({
			role: "client",
			draft,
			transport,
			...(options.client !== undefined && { setup: options.client }),
			...(options.clientLimits !== undefined && { limits: options.clientLimits }),
			now: 0,
		});
		this.server = new SessionCore({
			role: "server",
			draft,
			transport,
			...(options.server !== undefined && { setup: options.server }),
			...(options.serverLimits !== undefined && { limits: options.serverLimits }),
			...(options.checkClientSetup !== undefined && { checkPeerSetup: options.checkClientSetup }),
			now: 0,
		});
		if (!options.noSetup) {
			this.drive();
			expect(this.client.state).toBe("ready");
			expect(this.server.state).toBe("ready");
			// Tests look at what follows setup; the setup messages themselves are tested in setup.test.ts.
			this.sent.client.length = 0;
			this.sent.server.length = 0;
		}
	}

	core(side: Side): SessionCore {
		return side === "client" ? this.client : this.server;
	}

	/** Moves transmits and events until both sides are quiet. */
	drive(): void {
		for (let progress = true; progress; ) {
			progress = false;
			for (const side of ["client", "server"] as const) {
				const core = this.core(side);
				for (let t = core.pollTransmit(); t !== undefined; t = core.pollTransmit()) {
					progress = true;
					this.sent[side].push(t);
					if (this.hold) this.held.push({ from: side, t });
					else this.deliver(side, t);
				}
				for (let e = core.pollEvent(); e !== undefined; e = core.pollEvent()) this.events[side].push(e);
			}
		}
	}

	/** Delivers the held transmits (in order) and drives. */
	flushHeld(): void {
		this.hold = false;
		for (const { from, t } of this.held.splice(0)) this.deliver(from, t);
		this.drive();
	}

	/** Advances the clock, runs due deadlines on both sides and drives. */
	advance(ms: number): void {
		this.now += ms;
		this.client.timeout(this.now);
		this.server.timeout(this.now);
		this.drive();
	}

	/** Removes and returns the events a side raised so far. */
	take(side: Side): SessionEvent[] {
		return this.events[side].splice(0);
	}

	/** Removes and returns the transmits a side made so far. */
	takeSent(side: Side): Transmit[] {
		return this.sent[side].splice(0);
	}

	/** The channel number on `side` of the request stream that carries `requestId`. */
	channelOf(side: Side, requestId: bigint): number {
		for (const [key, id] of this.openedFor) {
			if (id === requestId && key.startsWith(`${side}:`)) return Number(key.slice(side.length + 1));
		}
		throw new Error(`no channel for request ${requestId} on the ${side}`);
	}

	private readonly openedFor = new Map<string, bigint>();

	/** Injects a message on `side` as if its peer sent it, encoded and decoded like the others. */
	inject(side: Side, channel: number, message: ControlMessage): void {
		const bytes = encodeControlMessage(message, this.draft);
		this.core(side).receive(channel, decode(bytes, this.draft), this.now);
		this.drive();
	}

	/** Injects a stream event on `side`. */
	injectEvent(side: Side, channel: number, event: ChannelEvent): void {
		this.core(side).channelEvent(channel, event, this.now);
		this.drive();
	}

	private deliver(from: Side, t: Transmit): void {
		const to = other_(from);
		const target = this.core(to);
		const mine = this.channels[from];
		switch (t.kind) {
			case "close":
				target.sessionClosed(t.code, t.reason, this.now);
				return;
			case "open": {
				expect(mine.has(t.channel)).toBe(false);
				const peer = target.channelOpened(this.now);
				mine.set(t.channel, { peer, send: "open" });
				this.channels[to].set(peer, { peer: t.channel, send: "open" });
				const id = (t.message as { requestId?: bigint }).requestId;
				if (id !== undefined) {
					this.openedFor.set(`${from}:${t.channel}`, id);
					this.openedFor.set(`${to}:${peer}`, id);
				}
				target.receive(peer, decode(t.bytes, this.draft), this.now);
				return;
			}
			case "send": {
				if (t.channel === 0) {
					target.receive(0, decode(t.bytes, this.draft), this.now);
					return;
				}
				const st = this.half(from, t.channel);
				expect(st.send, `${from} writes on channel ${t.channel} after closing it`).toBe("open");
				target.receive(st.peer, decode(t.bytes, this.draft), this.now);
				return;
			}
			case "fin":
			case "reset": {
				const st = this.half(from, t.channel);
				expect(st.send, `${from} closes channel ${t.channel} twice`).toBe("open");
				st.send = t.kind;
				target.channelEvent(st.peer, t.kind === "fin" ? { kind: "fin" } : { kind: "reset", code: t.code }, this.now);
				return;
			}
			case "stop-sending": {
				const st = this.half(from, t.channel);
				const theirs = this.channels[to].get(st.peer)!;
				// STOP_SENDING on a half already closed has no effect on the peer.
				if (theirs.send === "open") target.channelEvent(st.peer, { kind: "stop-sending", code: t.code }, this.now);
				return;
			}
		}
	}

	private half(side: Side, channel: number): ChannelState {
		const st = this.channels[side].get(channel);
		if (st === undefined) throw new Error(`${side} uses channel ${channel}, which was never opened`);
		return st;
	}
}

function other_(side: Side): Side {
	return side === "client" ? "server" : "client";
}

/** One core whose peer is the test: feed it messages, read what it sends. */
export class Peer {
	readonly core: SessionCore;
	now = 0;

	readonly draft: Draft;
	readonly role: Side;

	constructor(draft: Draft, role: Side, options: Partial<Omit<SessionCoreOptions, "draft" | "role">> = {}) {
		this.draft = draft;
		this.role = role;
		this.core = new SessionCore({ role, draft, transport: "quic", now: 0, ...options });
	}

	/**
	 * Completes setup: feeds the setup message of the other role (granting 100 requests in drafts
	 * 14 and 16) and drops what the core sent and raised so far.
	 */
	completeSetup(extra: object = {}): this {
		const draft = this.draft;
		const peerRole = this.role === "client" ? "server" : "client";
		this.feed(0, {
			type: draft >= 17 ? "SETUP" : peerRole === "client" ? "CLIENT_SETUP" : "SERVER_SETUP",
			...(draft === 14 && peerRole === "client" && { supportedVersions: [0xff00000e] }),
			...(draft === 14 && peerRole === "server" && { selectedVersion: 0xff00000e }),
			...(draft <= 16 && { maxRequestId: 100n }),
			...extra,
		} as ControlMessage);
		this.transmits();
		this.events();
		return this;
	}

	/** A request stream the peer opens (draft-16+), or the control stream (0) where requests share it. */
	requestChannel(): number {
		return this.draft >= 17 ? this.core.channelOpened(this.now) : 0;
	}

	/** Feeds a message (round-tripped through the codec). */
	feed(channel: number, message: ControlMessage): void {
		const bytes = encodeControlMessage(message, this.draft);
		this.core.receive(channel, decode(bytes, this.draft), this.now);
	}

	/** Feeds a stream event. */
	event(channel: number, event: ChannelEvent): void {
		this.core.channelEvent(channel, event, this.now);
	}

	/** Everything the core sent since the last call. */
	transmits(): Transmit[] {
		const out: Transmit[] = [];
		for (let t = this.core.pollTransmit(); t !== undefined; t = this.core.pollTransmit()) out.push(t);
		return out;
	}

	/** The messages the core sent since the last call (other transmits dropped). */
	messages(): ControlMessage[] {
		return this.transmits().flatMap((t) => (t.kind === "send" || t.kind === "open" ? [t.message] : []));
	}

	/** Everything the core raised since the last call. */
	events(): SessionEvent[] {
		const out: SessionEvent[] = [];
		for (let e = this.core.pollEvent(); e !== undefined; e = this.core.pollEvent()) out.push(e);
		return out;
	}

	/** The close transmit, if the core closed the session. */
	closed(): { code: number; reason: string } | undefined {
		for (const t of this.transmits()) if (t.kind === "close") return t;
		return undefined;
	}
}

/** UTF-8 bytes. */
export function b(s: string): Uint8Array {
	return new TextEncoder().encode(s);
}

/** A namespace of UTF-8 fields. */
export function ns(...fields: string[]): Uint8Array[] {
	return fields.map(b);
}

/** The events of one kind. */
export function ofKind<K extends SessionEvent["kind"]>(
	events: readonly SessionEvent[],
	kind: K,
): Extract<SessionEvent, { kind: K }>[] {
	return events.filter((e): e is Extract<SessionEvent, { kind: K }> => e.kind === kind);
}

/** The single event of one kind (fails otherwise). */
export function one<K extends SessionEvent["kind"]>(
	events: readonly SessionEvent[],
	kind: K,
): Extract<SessionEvent, { kind: K }> {
	const found = ofKind(events, kind);
	expect(found, `events: ${events.map((e) => e.kind).join(", ")}`).toHaveLength(1);
	return found[0]!;
}

/** A compact trace of transmits: message types, and stream actions as "fin" / "reset:<code>" / "stop:<code>". */
export function trace(transmits: readonly Transmit[]): string[] {
	return transmits.map(traceOne);
}

function traceOne(t: Transmit): string {
	switch (t.kind) {
		case "send":
		case "open":
			return t.message.type;
		case "fin":
			return "fin";
		case "reset":
			return `reset:${t.code}`;
		case "stop-sending":
			return `stop:${t.code}`;
		case "close":
			return `close:${t.code}`;
	}
}

/** The messages among transmits. */
export function messagesOf(transmits: readonly Transmit[]): ControlMessage[] {
	return transmits.flatMap((t) => (t.kind === "send" || t.kind === "open" ? [t.message] : []));
}
