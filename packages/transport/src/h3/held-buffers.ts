/**
 * What a WebTransport endpoint holds for sessions that are not established yet: streams and
 * datagrams that beat their CONNECT or its answer, and capsules a server must not read before
 * it accepts (draft-ietf-webtrans-http3 §"Buffering Incoming Streams and Datagrams", §"Creating
 * a New Session"). Everything counts against one budget, as the draft requires limits.
 *
 * @module
 */

import type { WtStream } from "./connection-state.js";

/** Limits of {@link HeldBuffers}. */
export interface HeldLimits {
	readonly maxStreams: number;
	readonly maxBytes: number;
	readonly maxDatagrams: number;
}

/** The held streams, bytes and datagrams of one connection. */
export class HeldBuffers {
	private readonly limits: HeldLimits;
	private streams = 0;
	private bytes = 0;
	private datagrams: { readonly sessionId: bigint; readonly payload: Uint8Array }[] = [];
	/** Server: held streams naming a session whose CONNECT has not arrived, by session ID. */
	private readonly orphans = new Map<bigint, Set<bigint>>();

	constructor(limits: HeldLimits) {
		this.limits = limits;
	}

	/** Starts holding a stream's data; false (and nothing held) when over the limits. */
	holdStream(st: WtStream, rest: Uint8Array, fin: boolean): boolean {
		if (this.streams >= this.limits.maxStreams || !this.reserve(rest.length)) return false;
		st.held = { chunks: rest.length > 0 ? [rest.slice()] : [], fin, bytes: rest.length };
		this.streams++;
		return true;
	}

	/** Adds data to a held stream; false when over the byte budget. */
	append(st: WtStream, data: Uint8Array, fin: boolean): boolean {
		const held = st.held!;
		if (!this.reserve(data.length)) return false;
		if (data.length > 0) held.chunks.push(data.slice());
		held.fin ||= fin;
		held.bytes += data.length;
		return true;
	}

	/** Stops holding a stream (delivered or dropped). */
	release(st: WtStream): void {
		if (st.held === undefined) return;
		this.streams--;
		this.bytes -= st.held.bytes;
		st.held = undefined;
	}

	/** Counts `n` bytes against the budget; false (and nothing counted) when over it. */
	reserve(n: number): boolean {
		if (this.bytes + n > this.limits.maxBytes) return false;
		this.bytes += n;
		return true;
	}

	/** Returns bytes counted with {@link HeldBuffers.reserve}. */
	unreserve(n: number): void {
		this.bytes -= n;
	}

	/** Holds a datagram (a copy); dropped when over the limit, as the draft allows. */
	holdDatagram(sessionId: bigint, payload: Uint8Array): void {
		if (this.datagrams.length < this.limits.maxDatagrams) this.datagrams.push({ sessionId, payload: payload.slice() });
	}

	/** Removes and returns the datagrams held for a session. */
	takeDatagrams(sessionId: bigint): Uint8Array[] {
		const taken: Uint8Array[] = [];
		this.datagrams = this.datagrams.filter((d) => {
			if (d.sessionId !== sessionId) return true;
			taken.push(d.payload);
			return false;
		});
		return taken;
	}

	/** Records a held stream whose session is not known yet. */
	addOrphan(sessionId: bigint, streamId: bigint): void {
		const set = this.orphans.get(sessionId) ?? new Set<bigint>();
		set.add(streamId);
		this.orphans.set(sessionId, set);
	}

	/** Removes and returns the orphans naming a session. */
	takeOrphans(sessionId: bigint): Set<bigint> {
		const set = this.orphans.get(sessionId) ?? new Set<bigint>();
		this.orphans.delete(sessionId);
		return set;
	}

	/** Forgets one orphan (its stream is gone). */
	forgetOrphan(sessionId: bigint, streamId: bigint): void {
		this.orphans.get(sessionId)?.delete(streamId);
	}
}
