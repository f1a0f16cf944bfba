/**
 * The decoders under fuzz, each run on one input. A target returns normally when the decoder
 * accepted or rejected the input with a WireError, and throws {@link Escape} when anything else
 * came out of it (which the fuzzer and the property test report as a failure).
 */

import { decodeControlMessage } from "../../src/control.js";
import { DataStreamDecoder } from "../../src/data/data-stream-decoder.js";
import { decodeDatagram } from "../../src/data/datagram.js";
import { detectStreamType } from "../../src/data/stream-type.js";
import { WireError } from "../../src/errors.js";
import { GroupOrder } from "../../src/types.js";
import type { Draft } from "../../src/version.js";
import { type Rng, split } from "./mutate.js";

/** Something other than a WireError escaped a decoder. */
export class Escape extends Error {
	readonly target: string;
	readonly input: Uint8Array;
	readonly thrown: unknown;
	constructor(target: string, input: Uint8Array, thrown: unknown) {
		super(`${target}: ${thrown instanceof Error ? thrown.stack : String(thrown)}`);
		this.target = target;
		this.input = input;
		this.thrown = thrown;
	}
}

/** The names of the fuzz targets. */
export const TARGETS = ["control", "stream", "datagram"] as const;
/** A fuzz target name. */
export type TargetName = (typeof TARGETS)[number];

// True when `f` completed, false when it threw a WireError; anything else escapes.
function guard(target: string, input: Uint8Array, f: () => void): boolean {
	try {
		f();
		return true;
	} catch (e) {
		if (e instanceof WireError) return false;
		throw new Escape(target, input, e);
	}
}

/**
 * decodeControlMessage over the whole input, message after message: it must never throw, and
 * report errors as WireErrors. True when the input held only whole, valid messages.
 */
export function fuzzControl(draft: Draft, input: Uint8Array): boolean {
	let rest = input;
	for (let i = 0; i < 64 && rest.length > 0; i++) {
		let result: ReturnType<typeof decodeControlMessage>;
		try {
			result = decodeControlMessage(rest, draft);
		} catch (e) {
			throw new Escape(`control draft-${draft}`, input, e);
		}
		if (result.kind === "error" && !(result.error instanceof WireError)) {
			throw new Escape(`control draft-${draft}`, input, result.error);
		}
		if (result.kind !== "ok") return false;
		rest = rest.subarray(result.consumed);
	}
	return rest.length === 0;
}

/** The DataStreamDecoder fed the input in random chunks, then FIN; and detectStreamType. */
export function fuzzStream(draft: Draft, input: Uint8Array, rng: Rng): boolean {
	const target = `stream draft-${draft}`;
	guard(target, input, () => detectStreamType(input, draft));
	return guard(target, input, () => {
		// Half the time the group order is only known after the data (the -17+ fetch case).
		const late = rng.below(2) === 0;
		const dec = new DataStreamDecoder(draft, {
			groupOrder: late ? undefined : rng.below(2) === 0 ? GroupOrder.ASCENDING : GroupOrder.DESCENDING,
			limits: rng.below(4) === 0 ? { maxObjectPayload: 64, maxPropertiesBytes: 16 } : undefined,
		});
		for (const chunk of split(rng, input)) dec.push(chunk);
		if (late) dec.setGroupOrder(GroupOrder.ASCENDING);
		dec.end();
	});
}

/** decodeDatagram. */
export function fuzzDatagram(draft: Draft, input: Uint8Array): boolean {
	return guard(`datagram draft-${draft}`, input, () => decodeDatagram(input, draft));
}

/** Runs one named target; true when the decoder accepted the input. */
export function runTarget(name: TargetName, draft: Draft, input: Uint8Array, rng: Rng): boolean {
	if (name === "control") return fuzzControl(draft, input);
	if (name === "stream") return fuzzStream(draft, input, rng);
	return fuzzDatagram(draft, input);
}
