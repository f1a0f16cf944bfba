/**
 * One unidirectional stream carrying (part of) a subgroup: it opens lazily, writes the encoded
 * objects in order with backpressure, sends FIN, and enforces the delivery timeouts
 * (draft-ietf-moq-transport-14 §9.2.1.2 and -16 §9.2.2.2 "DELIVERY TIMEOUT Parameter", -18/-19
 * §8 "Delivery Timeouts and Data Reliability", -14/-16 §10.4.3 and -18/-19 §11.4.3 "Closing
 * Subgroup Streams"):
 *
 * - Object timeout: "the implementation MUST check the time elapsed since the first byte of the
 *   object before attempting to pass it to the underlying transport": checked before each write,
 *   and by one timer for the oldest object not yet accepted by the transport (a write whose
 *   promise is pending is still held back by flow control). Expiry resets the stream with
 *   DELIVERY_TIMEOUT; an object expired before the stream opened opens none.
 * - Subgroup timeout (-18+): a timer from `end()` ("once it becomes aware that all of the objects
 *   on the subgroup have been published") until the stream reaches "all data committed" (the
 *   transport's `closed` promise); expiry resets the stream, even after its FIN.
 *
 * @module
 */

import { type SubgroupStreamEncoder, Writer } from "@moqt/wire";
import type { Clock } from "./clock.js";
import { type DataSendStream, type DataTransport, streamFailure } from "./transport.js";
import type { DeliveryTimeouts } from "./types.js";

/** Why a stream stopped taking objects, when it was not our own cancellation. */
export type StreamStop = "timed-out" | "stopped" | "closed";

/** What a subgroup stream needs from its subgroup sender. @internal */
export interface SubgroupStreamOwner {
	readonly transport: DataTransport;
	readonly clock: Clock;
	readonly codes: { readonly CANCELLED: number; readonly DELIVERY_TIMEOUT: number };
	sendOrder(): number;
	/** The timeouts in force (0: none). */
	timeouts(): Required<DeliveryTimeouts>;
	/** A stream is being opened (counted at once, for PUBLISH_DONE's Stream Count). */
	opening(): void;
	/** The stream takes no more objects: timed out, STOP_SENDING, the session gone, or undefined (we reset it). */
	stopped(stream: SubgroupStream, why: StreamStop | undefined, code?: number): void;
	/** The stream holds nothing more: no queued data, no timer. */
	settled(stream: SubgroupStream): void;
}

interface Entry {
	/** The writer holding the encoded object; the transport copies its bytes when they are written. */
	readonly writer: Writer;
	/** When the object's first byte was received or provided. */
	readonly at: number;
	readonly resolve: () => void;
}

const RESOLVED: Promise<void> = Promise.resolve();
/** Writers up to this size are kept for the next object; larger ones (rare objects) are let go. */
const SPARE_MAX = 64 * 1024;

/** A subgroup's stream. @internal */
export class SubgroupStream {
	readonly encoder: SubgroupStreamEncoder;
	private readonly owner: SubgroupStreamOwner;
	private stream: DataSendStream | undefined;
	private readonly queue: Entry[] = [];
	private running = false;
	private finRequested = false;
	private finSent = false;
	/** Reset, failed or FIN sent: takes no more objects. */
	private done = false;
	private committed = false;
	private isSettled = false;
	private resetCode = 0;
	private cancelObjectTimer: (() => void) | undefined;
	private cancelSubgroupTimer: (() => void) | undefined;
	private finWaiters: (() => void)[] = [];
	/** A writer whose bytes the transport took: the next object is encoded into it instead of a new one. */
	private spare: Writer | undefined;

	constructor(owner: SubgroupStreamOwner, encoder: SubgroupStreamEncoder) {
		this.owner = owner;
		this.encoder = encoder;
	}

	/** True once the stream takes no more objects (FIN requested, reset or failed). */
	get closed(): boolean {
		return this.done || this.finRequested;
	}

	/**
	 * A writer for the next object, of at least `size` bytes: the spare one when it is big enough
	 * (the transport copies what it is given on write, so a written writer may be filled again).
	 * Encoding into a recycled writer spares an allocation per object.
	 */
	writer(size: number): Writer {
		const spare = this.spare;
		this.spare = undefined;
		return spare !== undefined && spare.buf.length >= size ? spare.reset() : new Writer(size);
	}

	/** Queues an encoded object; resolves when the transport took it or it was dropped. */
	write(writer: Writer, at: number): Promise<void> {
		return new Promise((resolve) => {
			this.queue.push({ writer, at, resolve });
			this.armObjectTimer();
			this.kick();
		});
	}

	/** FIN after everything queued; resolves when it is queued or the stream is gone. */
	end(): Promise<void> {
		if (this.done) return RESOLVED;
		this.finRequested = true;
		const ended = new Promise<void>((resolve) => this.finWaiters.push(resolve));
		this.armSubgroupTimer();
		this.kick();
		return ended;
	}

	/** Re-applies the owner's send order (a priority changed). */
	reprioritize(): void {
		if (this.stream !== undefined) this.stream.sendOrder = this.owner.sendOrder();
	}

	/**
	 * Resets the stream with `code` if its FIN is not sent yet; a stream whose FIN is sent is only
	 * reset when `evenAfterFin` (and not yet fully delivered). Either way every timer stops.
	 */
	reset(code: number, evenAfterFin = false): void {
		if (!this.done) {
			this.abort(code, undefined);
			return;
		}
		if (evenAfterFin && this.finSent && !this.committed) this.stream?.reset(code);
		this.settle();
	}

	/** Resets the stream with `code` unless its FIN is already sent (Forward State 0, filter update). */
	cancelUnsent(code: number): void {
		if (!this.finSent) this.reset(code);
	}

	private kick(): void {
		if (this.running || this.done) return;
		this.running = true;
		void this.pump();
	}

	// Opens the stream, writes the queue in order and sends the FIN. One pump runs at a time, and
	// `running` drops in the same turn as the loop ends, so a write queued just then is not missed.
	private async pump(): Promise<void> {
		try {
			if (this.stream === undefined && !(await this.open())) return;
			const stream = this.stream!;
			while (!this.done) {
				const entry = this.queue[0];
				if (entry === undefined) break;
				if (this.expired(entry)) {
					this.abort(this.owner.codes.DELIVERY_TIMEOUT, "timed-out");
					return;
				}
				try {
					await stream.write(entry.writer.view());
				} catch (e) {
					this.failed(e);
					return;
				}
				this.queue.shift();
				if (entry.writer.buf.length <= SPARE_MAX) this.spare = entry.writer;
				entry.resolve();
			}
			if (!this.done && this.finRequested) await this.sendFin(stream);
		} finally {
			this.running = false;
		}
	}

	// Opens the stream; false when there is nothing (more) to do with it.
	private async open(): Promise<boolean> {
		const head = this.queue[0];
		if (head !== undefined && this.expired(head)) {
			// Expired before anything was sent: no stream is opened at all.
			this.abort(this.owner.codes.DELIVERY_TIMEOUT, "timed-out");
			return false;
		}
		this.owner.opening();
		let stream: DataSendStream;
		try {
			stream = await this.owner.transport.openUni({ sendOrder: this.owner.sendOrder() });
		} catch {
			this.fail("closed");
			return false;
		}
		this.stream = stream;
		this.watch(stream);
		if (this.done) {
			// Reset while opening.
			stream.reset(this.resetCode);
			return false;
		}
		return true;
	}

	private async sendFin(stream: DataSendStream): Promise<void> {
		this.done = true;
		this.finSent = true;
		this.clearObjectTimer();
		let failed = false;
		try {
			await stream.finish();
		} catch {
			// The stream failed as the FIN went out (STOP_SENDING, session end): nothing is left to do.
			failed = true;
		}
		this.releaseFin();
		if (failed || this.cancelSubgroupTimer === undefined || this.committed) this.settle();
	}

	// Notices STOP_SENDING while nothing is being written, and "all data committed".
	private watch(stream: DataSendStream): void {
		stream.closed.then(
			() => {
				this.committed = true;
				if (this.finSent) this.settle();
			},
			(e: unknown) => {
				if (!this.done) this.failed(e);
				else this.settle();
			},
		);
	}

	private failed(error: unknown): void {
		const f = streamFailure(error);
		if (f?.kind === "stop-sending") {
			// Answer STOP_SENDING with RESET_STREAM (RFC 9000 §3.5); transports usually already do.
			this.stream?.reset(f.code ?? this.owner.codes.CANCELLED);
			this.fail("stopped");
		} else {
			// "local": we reset it ourselves, and said why already.
			this.fail(f?.kind === "local" ? undefined : "closed");
		}
	}

	private abort(code: number, why: StreamStop | undefined): void {
		if (this.done) return;
		this.resetCode = code;
		this.stream?.reset(code);
		this.fail(why, code);
	}

	// No more objects: queued writes resolve (their objects are dropped), then settle.
	private fail(why: StreamStop | undefined, code?: number): void {
		if (this.done && this.isSettled) return;
		const wasDone = this.done;
		this.done = true;
		for (const entry of this.queue.splice(0)) entry.resolve();
		this.releaseFin();
		if (!wasDone) this.owner.stopped(this, why, code);
		this.settle();
	}

	private settle(): void {
		if (this.isSettled) return;
		this.isSettled = true;
		this.clearObjectTimer();
		this.cancelSubgroupTimer?.();
		this.cancelSubgroupTimer = undefined;
		this.owner.settled(this);
	}

	private releaseFin(): void {
		for (const resolve of this.finWaiters.splice(0)) resolve();
	}

	private expired(entry: Entry): boolean {
		const timeout = this.owner.timeouts().object;
		return timeout > 0 && this.owner.clock.now() - entry.at >= timeout;
	}

	private clearObjectTimer(): void {
		this.cancelObjectTimer?.();
		this.cancelObjectTimer = undefined;
	}

	// One timer per stream, for the oldest object not yet accepted by the transport.
	private armObjectTimer(): void {
		const timeout = this.owner.timeouts().object;
		const head = this.queue[0];
		if (timeout <= 0 || this.cancelObjectTimer !== undefined || head === undefined || this.done) return;
		const delay = head.at + timeout - this.owner.clock.now();
		// At least 1 ms: a head that is not yet expired by `expired()` must never re-arm at 0 and spin.
		this.cancelObjectTimer = this.owner.clock.setTimer(Math.max(1, delay), () => {
			this.cancelObjectTimer = undefined;
			const oldest = this.queue[0];
			if (this.done || oldest === undefined) return;
			if (this.expired(oldest)) this.abort(this.owner.codes.DELIVERY_TIMEOUT, "timed-out");
			else this.armObjectTimer();
		});
	}

	// -18/-19 §8: SUBGROUP_DELIVERY_TIMEOUT runs from end() until all data is committed.
	private armSubgroupTimer(): void {
		const timeout = this.owner.timeouts().subgroup;
		if (timeout <= 0) return;
		this.cancelSubgroupTimer = this.owner.clock.setTimer(timeout, () => {
			this.cancelSubgroupTimer = undefined;
			if (this.committed) return;
			const code = this.owner.codes.DELIVERY_TIMEOUT;
			if (!this.done) {
				this.abort(code, "timed-out");
				return;
			}
			this.stream?.reset(code);
			this.owner.stopped(this, "timed-out", code);
			this.settle();
		});
	}
}
