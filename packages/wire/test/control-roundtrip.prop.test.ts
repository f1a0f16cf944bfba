/**
 * Property tests of every control message of every draft, on arbitraries that generate only what
 * the draft can carry (test/arbitraries):
 *
 * - round trip: `decode(encode(m))` is `m` (modulo the normalisations documented with the
 *   arbitraries) and consumes exactly the framed message, whatever follows it; the frame carries
 *   the draft's type code and the body length; `encode(decode(bytes))` gives the same bytes;
 * - truncation: every proper prefix of an encoded message is "need-more", never anything else;
 * - a smaller Message Length: a WireError "malformed", never another outcome — except for the
 *   messages whose last field runs to the end of the body, which may stop at an element boundary
 *   and then decode to a canonical prefix of the message;
 * - draft-18's PUBLISH_OK code (0x1E) decodes as REQUEST_OK, which re-encodes with its own 0x07;
 * - coverage: every (draft, message type) that `messageTypes` lists has an arbitrary, and no
 *   other pair has one;
 * - the parameter table: every Message Parameter outside the arbitraries' table
 *   (test/arbitraries/parameters.ts) is refused by the encoder.
 */

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { decodeControlMessage, encodeControlMessage, messageTypeCode, messageTypes } from "../src/control.js";
import { WireError } from "../src/errors.js";
import { RangeFilterKind } from "../src/filters.js";
import type { ControlMessage } from "../src/messages/index.js";
import type { ParameterField } from "../src/parameters.js";
import { Reader } from "../src/reader.js";
import { GroupOrder } from "../src/types.js";
import { DRAFTS, type Draft } from "../src/version.js";
import { MESSAGE_ARBITRARIES, type MessageCase, type MessageType } from "./arbitraries/messages.js";
import { FIXED_14, PARAMETER_FIELDS, PARAMETERS, parameterValue } from "./arbitraries/parameters.js";
import { expectSame, hex } from "./compare.js";

// Per (draft, message type): 96 pairs. The round trip sees the most inputs.
const ROUND_TRIP_RUNS = 120;
const TRUNCATION_RUNS = 40;
const LENGTH_RUNS = 60;

/** The Message Type code, the 16-bit Message Length and the size of both. */
function frameHeader(bytes: Uint8Array, draft: Draft): { code: number; length: number; size: number } {
	const r = new Reader(bytes, draft >= 17);
	const code = r.varint();
	const length = r.u16();
	return { code, length, size: r.pos };
}

function encode(m: ControlMessage, draft: Draft): Uint8Array {
	// A copy: the encoder returns a view of its writer.
	return encodeControlMessage(m, draft).slice();
}

/**
 * A decoding error must be a WireError of its own: control.ts turns anything else a codec throws
 * (a TypeError, a RangeError) into "malformed" with the original as the cause, which would hide a
 * codec bug from a check of the code alone.
 */
function expectOwnWireError(e: unknown): asserts e is WireError {
	expect(e).toBeInstanceOf(WireError);
	const cause = (e as WireError).cause;
	expect(cause === undefined || cause instanceof WireError, `foreign cause: ${String(cause)}`).toBe(true);
}

function decodeOk(bytes: Uint8Array, draft: Draft): { message: ControlMessage; consumed: number } {
	const d = decodeControlMessage(bytes, draft);
	if (d.kind === "error") expectOwnWireError(d.error);
	if (d.kind !== "ok")
		throw new Error(`expected a message, got ${d.kind}: ${d.kind === "error" ? d.error.message : ""}`);
	return d;
}

/** Messages whose last field runs to the end of the body, so that a shorter body can still parse. */
function endsOpen(type: MessageType, draft: Draft): boolean {
	switch (type) {
		case "SUBSCRIBE_OK":
		case "PUBLISH":
		case "FETCH_OK":
			return draft >= 16; // Track Extensions / Properties
		case "REQUEST_OK":
			return draft >= 17; // Track Properties
		case "SETUP":
			return true; // Setup Options fill the body
		case "GOAWAY":
			return draft === 18; // the optional trailing Request ID
		default:
			return false;
	}
}

// The lists that a body cut at an element boundary shortens.
const OPEN_LISTS = new Set(["trackProperties", "authorizationTokens", "unknown"]);

/**
 * `got`, decoded from a body cut short, is a prefix of `expected`: every field it has equals the
 * expected one, except that the open-ended lists may be a prefix of the expected list.
 */
function expectPrefixOf(got: ControlMessage, expected: ControlMessage): void {
	const want = expected as unknown as Record<string, unknown>;
	for (const [key, value] of Object.entries(got)) {
		const full = want[key];
		if (OPEN_LISTS.has(key) && Array.isArray(value) && Array.isArray(full)) {
			expect(value.length).toBeLessThanOrEqual(full.length);
			expectSame(value, full.slice(0, value.length), key);
		} else {
			expectSame(value, full, key);
		}
	}
}

describe.each(DRAFTS)("draft-%i control messages", (draft) => {
	for (const type of messageTypes(draft)) {
		const arb = MESSAGE_ARBITRARIES[draft][type];
		if (arb === undefined) {
			it(`${type} has an arbitrary`, () => expect.fail(`no arbitrary for draft-${draft} ${type}`));
			continue;
		}

		describe(type, () => {
			test.prop([arb, fc.uint8Array({ maxLength: 6 })], { numRuns: ROUND_TRIP_RUNS })(
				"decode(encode(m)) = m, consuming the frame exactly; encode(decode(bytes)) = bytes",
				({ message, expected }: MessageCase, after) => {
					expect(message.type).toBe(type);
					const bytes = encode(message, draft);
					const header = frameHeader(bytes, draft);
					expect(header.code).toBe(messageTypeCode(type, draft));
					expect(header.length).toBe(bytes.length - header.size);

					// Whatever follows the message (the next one) is not consumed.
					const input = new Uint8Array(bytes.length + after.length);
					input.set(bytes);
					input.set(after, bytes.length);
					const d = decodeOk(input, draft);
					expect(d.consumed).toBe(bytes.length);
					expectSame(d.message, expected);

					// The encoding is canonical: re-encoding the decoded message gives the same bytes.
					expect(hex(encodeControlMessage(d.message, draft))).toBe(hex(bytes));
				},
			);

			test.prop([arb], { numRuns: TRUNCATION_RUNS })(
				"every truncation of the encoding is need-more",
				({ message }: MessageCase) => {
					const bytes = encode(message, draft);
					const header = frameHeader(bytes, draft);
					const wrong: string[] = [];
					for (let cut = 0; cut < bytes.length; cut++) {
						const d = decodeControlMessage(bytes.subarray(0, cut), draft);
						// Within the body the decoder knows exactly how many bytes are missing.
						const ok = d.kind === "need-more" && (cut < header.size ? d.needed > 0 : d.needed === bytes.length - cut);
						if (!ok) wrong.push(`cut ${cut}/${bytes.length}: ${JSON.stringify(d, (_, v) => String(v))}`);
					}
					expect(wrong).toEqual([]);
				},
			);

			test.prop([arb, fc.array(fc.nat(), { minLength: 1, maxLength: 3 })], { numRuns: LENGTH_RUNS })(
				"a smaller Message Length is malformed (or, for a body that ends open, a prefix of the message)",
				({ message, expected }: MessageCase, picks) => {
					const bytes = encode(message, draft);
					const header = frameHeader(bytes, draft);
					fc.pre(header.length > 0); // an empty body (SETUP without options) cannot shrink
					const lengths = new Set([0, header.length - 1, ...picks.map((p) => p % header.length)]);
					for (const length of lengths) {
						const b = bytes.slice();
						b[header.size - 2] = length >> 8;
						b[header.size - 1] = length & 0xff;
						const d = decodeControlMessage(b, draft);
						if (d.kind === "error") {
							expectOwnWireError(d.error);
							expect(d.error.code, d.error.message).toBe("malformed");
							continue;
						}
						// The whole shorter body is there: never need-more.
						expect(d.kind).toBe("ok");
						if (d.kind !== "ok") continue;
						expect(endsOpen(type, draft), `${type} decoded from ${length} of ${header.length} bytes`).toBe(true);
						expect(d.consumed).toBe(header.size + length);
						expect(hex(encodeControlMessage(d.message, draft))).toBe(hex(b.subarray(0, d.consumed)));
						expectPrefixOf(d.message, expected);
					}
				},
			);
		});
	}
});

describe("draft-18 PUBLISH_OK (0x1E) is an alias of REQUEST_OK", () => {
	const arb = MESSAGE_ARBITRARIES[18].REQUEST_OK!;
	test.prop([arb], { numRuns: ROUND_TRIP_RUNS })(
		"decodes as REQUEST_OK and re-encodes as 0x07",
		({ message, expected }) => {
			const bytes = encode(message, 18);
			expect(bytes[0]).toBe(0x07);
			const aliased = bytes.slice();
			aliased[0] = 0x1e;
			const d = decodeOk(aliased, 18);
			expect(d.consumed).toBe(bytes.length);
			expectSame(d.message, expected);
			expect(hex(encodeControlMessage(d.message, 18))).toBe(hex(bytes));
		},
	);
});

describe("coverage", () => {
	it.each(DRAFTS)("draft-%i: an arbitrary for every message type, and for no other", (draft) => {
		expect(Object.keys(MESSAGE_ARBITRARIES[draft]).sort()).toEqual([...messageTypes(draft)].sort());
	});
});

// Parameters that a message consumes as fixed fields of its own rather than as parameters.
function consumed(draft: Draft, message: string): readonly ParameterField[] {
	const own: ParameterField[] =
		message === "SUBSCRIBE_NAMESPACE" || message === "SUBSCRIBE_TRACKS" ? ["trackNamespacePrefix"] : [];
	return draft === 14 ? [...own, ...(FIXED_14[message] ?? [])] : own;
}

describe.each(DRAFTS)("draft-%i: Message Parameters outside the table are refused", (draft) => {
	for (const [message, allowed] of Object.entries(PARAMETERS[draft])) {
		it(message, () => {
			expect(messageTypes(draft)).toContain(message);
			const [base] = fc.sample(MESSAGE_ARBITRARIES[draft][message as MessageType]!, { numRuns: 1, seed: 7 });
			const refused = PARAMETER_FIELDS.filter((f) => !allowed.includes(f) && !consumed(draft, message).includes(f));
			for (const field of refused) {
				let [value] = fc.sample(parameterValue(draft, message, field), { numRuns: 1, seed: 7 });
				// GROUP_ORDER 0 is "absent" and an empty Range Filter list is nothing: both are skipped, not refused.
				if (field === "groupOrder") value = GroupOrder.ASCENDING;
				const m = { ...base!.message, [field]: value } as ControlMessage;
				expect(() => encodeControlMessage(m, draft), field).toThrow(
					expect.objectContaining({ name: "WireError", code: "unsupported" }),
				);
			}
			// -19: a TRACK_PROPERTY filter where only object filters are allowed.
			if (allowed.includes("rangeFilters") && message !== "SUBSCRIBE_TRACKS" && message !== "REQUEST_UPDATE") {
				const m = {
					...base!.message,
					rangeFilters: [{ kind: RangeFilterKind.TRACK_PROPERTY, setId: 0, propertyType: 2n, ranges: [] }],
				} as ControlMessage;
				expect(() => encodeControlMessage(m, draft)).toThrow(expect.objectContaining({ code: "invalid-value" }));
			}
		});
	}
});
