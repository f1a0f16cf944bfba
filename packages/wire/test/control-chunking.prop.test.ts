/**
 * Property test of the control stream push decoder in every draft: a stream of generated messages
 * of any types (test/arbitraries), split into chunks anywhere — random cut points, empty chunks,
 * or runs of small chunks down to single bytes — yields exactly those messages, in order, each
 * from the push that completes it, with the unfinished rest buffered. Every chunk is overwritten
 * after its push, so a decoder that kept a view of a chunk instead of copying its unfinished tail
 * fails.
 */

import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { encodeControlMessage } from "../src/control.js";
import { ControlStreamDecoder } from "../src/control-stream-decoder.js";
import { DRAFTS } from "../src/version.js";
import { Writer } from "../src/writer.js";
import { anyMessage } from "./arbitraries/messages.js";
import { expectSame, hex } from "./compare.js";

const RUNS = 250;

type Chunking = { readonly cuts: readonly number[] } | { readonly sizes: readonly number[] };

const chunking: fc.Arbitrary<Chunking> = fc.oneof(
	// Cut points anywhere; repeated points make empty chunks.
	fc.record({ cuts: fc.array(fc.nat(), { maxLength: 12 }) }),
	// Small chunk sizes, cycled over the whole stream (all 1s: byte by byte).
	fc.record({ sizes: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }) }),
);

function split(bytes: Uint8Array, how: Chunking): Uint8Array[] {
	const points: number[] = [];
	if ("cuts" in how) {
		points.push(...how.cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b));
	} else {
		for (let at = 0, i = 0; at < bytes.length; i++) {
			at = Math.min(bytes.length, at + how.sizes[i % how.sizes.length]!);
			points.push(at);
		}
	}
	const chunks: Uint8Array[] = [];
	let at = 0;
	for (const p of [...points, bytes.length]) {
		chunks.push(bytes.slice(at, p));
		at = p;
	}
	return chunks;
}

describe.each(DRAFTS)("draft-%i ControlStreamDecoder", (draft) => {
	test.prop([fc.array(anyMessage(draft), { minLength: 1, maxLength: 6 }), chunking], { numRuns: RUNS })(
		"yields the pushed messages in order, whatever the chunking",
		(cases, how) => {
			// One writer for the whole stream (the encoder appends to it), checked against separate encodings.
			const w = new Writer(16);
			const ends: number[] = [];
			const separate: string[] = [];
			for (const c of cases) {
				encodeControlMessage(c.message, draft, { writer: w });
				ends.push(w.pos);
				separate.push(hex(encodeControlMessage(c.message, draft)));
			}
			const stream = w.finish();
			expect(hex(stream)).toBe(separate.join(""));

			const decoder = new ControlStreamDecoder(draft);
			let received = 0; // bytes pushed so far
			let next = 0; // index of the next message expected
			for (const chunk of split(stream, how)) {
				const out = decoder.push(chunk);
				received += chunk.length;
				// Exactly the messages that end within what has been received, in order (checked
				// without expect() unless it fails: byte-by-byte pushes make thousands of chunks).
				let complete = next;
				while (complete < ends.length && ends[complete]! <= received) complete++;
				if (out.length !== complete - next) expect(out.length, `after ${received} bytes`).toBe(complete - next);
				for (const m of out) expectSame(m, cases[next++]!.expected);
				const buffered = received - (next === 0 ? 0 : ends[next - 1]!);
				if (decoder.buffered !== buffered) expect(decoder.buffered, `after ${received} bytes`).toBe(buffered);
				chunk.fill(0xa5); // the caller reuses its buffer
			}
			expect(next).toBe(cases.length);
			expect(decoder.buffered).toBe(0);
		},
	);
});
