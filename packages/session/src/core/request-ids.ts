/**
 * Request IDs (draft-ietf-moq-transport-14 §9.1 "Request ID", §9.5 MAX_REQUEST_ID, §9.6
 * REQUESTS_BLOCKED; -16 §9.1, §9.5, §9.6; -18/-19 §10.1 "Request ID").
 *
 * The client uses even IDs from 0, the server odd IDs from 1, each +2 per request. A peer's ID of
 * the wrong parity, or a duplicate, closes the session with INVALID_REQUEST_ID. Drafts 14 and 16
 * also bound the peer's IDs by the Maximum Request ID we grant (TOO_MANY_REQUESTS beyond it),
 * which we raise as its requests complete, and ours by the one it grants.
 *
 * draft-14 carries every request on the one control stream, so its IDs must arrive in sequence
 * ("a new request with a Request ID that is not expected" is INVALID_REQUEST_ID). From draft-16
 * some requests travel on their own streams and can overtake each other, so only duplicates are
 * detected, with a bounded window of IDs seen above the lowest unseen one.
 *
 * @module
 */

import { TerminationCode } from "@moqt/wire";
import { violation } from "./errors.js";
import type { Role } from "./types.js";

/** The first Request ID of a role. */
export function firstRequestId(role: Role): bigint {
	return role === "client" ? 0n : 1n;
}

/** The Request IDs we allocate, and (drafts 14 and 16) the Maximum Request ID the peer grants us. */
export class OwnRequestIds {
	private readonly role: Role;
	/** drafts 14 and 16, where the peer's MAX_REQUEST_ID applies. */
	readonly limited: boolean;
	private nextId: bigint;
	private peerMax = 0n;
	private reportedBlocked: bigint | undefined;

	constructor(role: Role, limited: boolean) {
		this.role = role;
		this.limited = limited;
		this.nextId = firstRequestId(role);
	}

	/** The next ID {@link OwnRequestIds.allocate} returns. */
	get next(): bigint {
		return this.nextId;
	}

	/** Allocates the next Request ID. */
	allocate(): bigint {
		const id = this.nextId;
		this.nextId += 2n;
		return id;
	}

	/** True when `id` is one of ours that was allocated (it may have ended since). */
	issued(id: bigint): boolean {
		return (id & 1n) === firstRequestId(this.role) && id < this.nextId;
	}

	/** True when a request with `id` may be sent now. */
	canSend(id: bigint): boolean {
		return !this.limited || id < this.peerMax;
	}

	/** The peer's setup granted its initial Maximum Request ID (default 0). */
	initial(max: bigint): void {
		this.peerMax = max;
	}

	/** MAX_REQUEST_ID: "The Maximum Request ID MUST only increase", else PROTOCOL_VIOLATION. */
	raise(max: bigint): void {
		if (max <= this.peerMax) {
			violation(TerminationCode.PROTOCOL_VIOLATION, `MAX_REQUEST_ID ${max} does not increase ${this.peerMax}`);
		}
		this.peerMax = max;
	}

	/**
	 * When we are blocked at the peer's limit and have not said so for this limit yet, the value
	 * to send in REQUESTS_BLOCKED ("SHOULD send only one REQUESTS_BLOCKED for a given Maximum
	 * Request ID").
	 */
	blockedReport(): bigint | undefined {
		if (this.reportedBlocked === this.peerMax) return undefined;
		this.reportedBlocked = this.peerMax;
		return this.peerMax;
	}
}

/** The Request IDs the peer uses, and (drafts 14 and 16) the Maximum Request ID we grant it. */
export class PeerRequestIds {
	private readonly first: bigint;
	private readonly strict: boolean;
	private readonly window: number;
	private readonly maxConcurrent: number | undefined;
	/** Every ID below this one was seen (or skipped by the window). */
	private floor: bigint;
	private readonly seen = new Set<bigint>();
	private granted: bigint;
	private completed = 0n;

	/**
	 * @param peerRole the peer's role, which fixes its parity.
	 * @param strict draft-14: IDs must arrive in sequence.
	 * @param window how many out-of-order IDs to remember above the lowest unseen one.
	 * @param maxConcurrent drafts 14 and 16: the peer's concurrent requests; undefined from -17.
	 */
	constructor(peerRole: Role, strict: boolean, window: number, maxConcurrent: number | undefined) {
		this.strict = strict;
		this.window = window;
		this.maxConcurrent = maxConcurrent;
		this.first = firstRequestId(peerRole);
		this.floor = this.first;
		this.granted = maxConcurrent === undefined ? 0n : this.first + 2n * BigInt(maxConcurrent);
	}

	/** The MAX_REQUEST_ID our setup grants (drafts 14 and 16). */
	get initialMax(): bigint {
		return this.granted;
	}

	/** The smallest peer ID not seen yet: the GOAWAY Request ID of draft-18. */
	get smallestUnseen(): bigint {
		return this.floor;
	}

	/** Checks a new request's ID and records it; throws a ProtocolViolation when it is not acceptable. */
	accept(id: bigint): void {
		if ((id & 1n) !== this.first) {
			violation(TerminationCode.INVALID_REQUEST_ID, `Request ID ${id} has the wrong parity`);
		}
		if (this.strict ? id !== this.floor : id < this.floor || this.seen.has(id)) {
			violation(TerminationCode.INVALID_REQUEST_ID, `Request ID ${id} is not the next expected or was used`);
		}
		if (this.maxConcurrent !== undefined && id >= this.granted) {
			violation(TerminationCode.TOO_MANY_REQUESTS, `Request ID ${id} is not below MAX_REQUEST_ID ${this.granted}`);
		}
		this.seen.add(id);
		while (this.seen.delete(this.floor)) this.floor += 2n;
		if (this.seen.size > this.window) {
			// Too many holes: treat the IDs skipped so far as used, so memory stays bounded.
			let min = this.floor;
			for (const s of this.seen) if (min === this.floor || s < min) min = s;
			this.floor = min;
			while (this.seen.delete(this.floor)) this.floor += 2n;
		}
	}

	/** True when `id` is one the peer used (it may have ended since). */
	used(id: bigint): boolean {
		return (id & 1n) === this.first && (id < this.floor || this.seen.has(id));
	}

	/** One of the peer's requests completed: drafts 14 and 16 grant one more Request ID. */
	release(): void {
		this.completed++;
	}

	/** The new MAX_REQUEST_ID to send, when completions raised it (drafts 14 and 16). */
	takeRaise(): bigint | undefined {
		if (this.maxConcurrent === undefined) return undefined;
		const target = this.first + 2n * (this.completed + BigInt(this.maxConcurrent));
		if (target <= this.granted) return undefined;
		this.granted = target;
		return target;
	}
}
