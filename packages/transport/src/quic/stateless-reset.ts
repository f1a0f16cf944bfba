/**
 * Stateless Reset (RFC 9000 §10.3): a server that has no state for a connection (it restarted,
 * or the connection is long gone) tells the client so, and the client stops at once instead of
 * waiting for its idle timeout.
 *
 * Each connection ID's token is derived from a static key (§10.3.2), so a server restarted with
 * the same key can still reset its old connections. quiche sends the token of the connection ID
 * chosen at the handshake in its transport parameters; this adapter issues no other IDs.
 *
 * @module
 */

import { createHmac, randomBytes, randomFillSync } from "node:crypto";

const TOKEN_LENGTH = 16;
// The shortest reset a client detects: a first byte, 4 unpredictable bytes, the token (§10.3).
const MIN_RESET = 21;
// Longer resets look more like short header packets; longer than this gains nothing (§10.3).
const MAX_RESET = 43;

/** Derives tokens and builds Stateless Reset packets, at most `ratePerSecond` of them. */
export class StatelessResetter {
	readonly #key: Uint8Array;
	readonly #ratePerSecond: number;
	#windowStart = 0;
	#sentInWindow = 0;

	/** @param key At least 16 secret bytes; default random (then resets only work until a restart). */
	constructor(key: Uint8Array = randomBytes(32), ratePerSecond = 100) {
		if (key.length < 16) throw new RangeError("the stateless reset key needs at least 16 bytes");
		this.#key = key;
		this.#ratePerSecond = ratePerSecond;
	}

	/** The token of connection ID `cid`: the first 16 bytes of HMAC-SHA256(key, cid). */
	token(cid: Uint8Array): Buffer {
		return createHmac("sha256", this.#key).update(cid).digest().subarray(0, TOKEN_LENGTH);
	}

	/** {@link StatelessResetter.token} as quiche's `setStatelessResetToken` takes it (big-endian u128). */
	tokenValue(cid: Uint8Array): bigint {
		return BigInt(`0x${this.token(cid).toString("hex")}`);
	}

	/**
	 * A Stateless Reset answering a short header packet of `receivedLength` bytes that carried
	 * the unknown `dcid`, or undefined when none may be sent: it must be shorter than the packet
	 * it answers so that two endpoints cannot loop (§10.3.3), and the rate is limited.
	 */
	packet(dcid: Uint8Array, receivedLength: number, now: number): Uint8Array | undefined {
		const length = Math.min(receivedLength - 1, MAX_RESET);
		if (length < MIN_RESET || !this.#allow(now)) return undefined;
		const out = new Uint8Array(length);
		randomFillSync(out, 0, length - TOKEN_LENGTH);
		// Short header form: header form 0, fixed bit 1 (§10.3, Figure 10).
		out[0] = 0x40 | ((out[0] ?? 0) & 0x3f);
		out.set(this.token(dcid), length - TOKEN_LENGTH);
		return out;
	}

	#allow(now: number): boolean {
		if (now - this.#windowStart >= 1000) {
			this.#windowStart = now;
			this.#sentInWindow = 0;
		}
		if (this.#sentInWindow >= this.#ratePerSecond) return false;
		this.#sentInWindow++;
		return true;
	}
}
