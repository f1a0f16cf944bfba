import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { hexToBytes, toHex } from "../test/vector-json.js";
import { codecFor } from "./codec.js";
import { decodeControlMessage, encodeControlMessage } from "./control.js";
import { TerminationCode } from "./errors.js";
import type { ClientSetup, Setup } from "./messages/index.js";
import { Reader } from "./reader.js";
import { readSetupOptions, type SetupOptions, SetupOptionType, writeSetupOptions } from "./setup-options.js";
import { type KeyValuePair, TokenAliasType } from "./types.js";
import { utf8Encode } from "./utf8.js";
import { Writer } from "./writer.js";

const DRAFTS_WITH_SETUP = [14, 16, 18, 19] as const;

/** Encodes options as a counted (≤ 16) or bare (≥ 18) block and decodes them back. */
function optionsRoundTrip(o: SetupOptions, draft: 14 | 16 | 18 | 19): { hex: string; decoded: SetupOptions } {
	const c = codecFor(draft);
	const w = new Writer(64, c.moqtVarint);
	const counted = draft <= 16;
	writeSetupOptions(w, c, o, counted);
	const bytes = w.finish();
	const r = new Reader(bytes, c.moqtVarint);
	const decoded: SetupOptions = {};
	readSetupOptions(r, c, counted ? r.varint() : undefined, decoded);
	expect(r.pos).toBe(bytes.length);
	return { hex: toHex(bytes), decoded };
}

const decodeError = (hex: string, draft: 14 | 16 | 18 | 19) => {
	const d = decodeControlMessage(hexToBytes(hex), draft);
	if (d.kind !== "error") throw new Error(`expected an error, got ${d.kind}`);
	return d.error;
};

describe("setup options", () => {
	it("uses the drafts' option types", () => {
		expect(SetupOptionType).toEqual({
			PATH: 1,
			MAX_REQUEST_ID: 2,
			AUTHORIZATION_TOKEN: 3,
			MAX_AUTH_TOKEN_CACHE_SIZE: 4,
			AUTHORITY: 5,
			MAX_FILTER_RANGES: 6,
			MOQT_IMPLEMENTATION: 7,
			MAX_REQUEST_UPDATES: 8,
		});
	});

	it.each(DRAFTS_WITH_SETUP)("round-trips the options of draft-%s", (draft) => {
		const o: SetupOptions = {
			path: "/room?x=1",
			authority: "relay.example:443",
			maxAuthTokenCacheSize: 4096n,
			authorizationTokens: [
				{ aliasType: TokenAliasType.REGISTER, alias: 1n, tokenType: 7n, value: utf8Encode("secret") },
				{ aliasType: TokenAliasType.USE_VALUE, tokenType: 7n, value: utf8Encode("other") },
			],
			implementation: "moqt-ts 0.1 ✓",
			...(draft <= 16 ? { maxRequestId: 2n ** 62n - 1n } : {}),
			...(draft === 19 ? { maxFilterRanges: 16n, maxRequestUpdates: 0n } : {}),
		};
		expect(optionsRoundTrip(o, draft).decoded).toEqual(o);
	});

	it("writes MOQT_IMPLEMENTATION as 0x07 in draft-14 and reads 0x05 as AUTHORITY", () => {
		expect(optionsRoundTrip({ implementation: "i" }, 14).hex).toBe("01" + "07" + "01" + "69");
		// A draft-14 server that followed the text and sent its implementation "i" as 0x05:
		const d = decodeControlMessage(hexToBytes("21000c" + "c0000000ff00000e" + "01" + "050169"), 14);
		expect(d.kind === "ok" && d.message).toEqual({ type: "SERVER_SETUP", selectedVersion: 0xff00000e, authority: "i" });
	});

	it("refuses options the draft does not define", () => {
		const c18 = codecFor(18);
		const c16 = codecFor(16);
		expect(() => writeSetupOptions(new Writer(), c18, { maxRequestId: 1n }, false)).toThrow(/no maxRequestId/);
		expect(() => writeSetupOptions(new Writer(), c18, { maxFilterRanges: 1n }, false)).toThrow(/no maxFilterRanges/);
		expect(() => writeSetupOptions(new Writer(), c16, { maxRequestUpdates: 1n }, true)).toThrow(/no maxRequestUpdates/);
	});

	it("keeps options the draft does not define as unknown when decoding", () => {
		// draft-18 SETUP with MAX_REQUEST_ID (0x02) = 5 and MAX_FILTER_RANGES (0x06, delta 4) = 1.
		const d = decodeControlMessage(hexToBytes("af00" + "0004" + "0205" + "0401"), 18);
		expect(d.kind === "ok" && d.message).toEqual({
			type: "SETUP",
			unknown: [
				{ type: 2n, value: 5n },
				{ type: 6n, value: 1n },
			],
		});
	});

	it("allows duplicate unknown options and keeps their order", () => {
		const unknown: KeyValuePair[] = [
			{ type: 0x9dn, value: hexToBytes("01") },
			{ type: 0x9dn, value: hexToBytes("02") },
			{ type: 0x11cn, value: 3n },
		];
		// draft-16 delta types: 0x9d, then +0, then +0x7f.
		const { hex, decoded } = optionsRoundTrip({ unknown }, 16);
		expect(hex).toBe("03" + "409d0101" + "000102" + "407f03");
		expect(decoded).toEqual({ unknown });
	});

	it("writes draft-14 options in table order, unknown ones last, with absolute types", () => {
		const { hex } = optionsRoundTrip({ unknown: [{ type: 0x20n, value: 0n }], implementation: "", path: "" }, 14);
		expect(hex).toBe("03" + "0100" + "0700" + "2000");
	});

	it("sorts options by type from draft-16 so the type deltas stay non-negative", () => {
		const { hex } = optionsRoundTrip({ unknown: [{ type: 0x02n, value: 9n }], implementation: "" }, 18);
		expect(hex).toBe("0209" + "0500");
	});

	it("refuses an unknown entry that uses a type the draft defines", () => {
		expect(() => optionsRoundTrip({ unknown: [{ type: 1n, value: utf8Encode("/") }] }, 19)).toThrow(/not unknown/);
		// MAX_REQUEST_ID's type is unknown in draft-19, so it may be carried as an unknown option.
		expect(optionsRoundTrip({ unknown: [{ type: 2n, value: 1n }] }, 19).decoded).toEqual({
			unknown: [{ type: 2n, value: 1n }],
		});
	});

	it("refuses an unknown entry whose value does not match its type's parity", () => {
		const c = codecFor(19);
		try {
			writeSetupOptions(new Writer(), c, { unknown: [{ type: 0x9dn, value: 1n }] }, false);
			expect.unreachable();
		} catch (e) {
			expect(e).toMatchObject({ code: "invalid-value", terminationCode: TerminationCode.KEY_VALUE_FORMATTING_ERROR });
		}
	});

	it("rejects a repeated known option but not a repeated token", () => {
		// draft-14 CLIENT_SETUP, no versions ... two MAX_AUTH_TOKEN_CACHE_SIZE options.
		const e = decodeError("200006" + "00" + "02" + "0400" + "0401", 14);
		expect(e.code).toBe("invalid-value");
		expect(e.offset).toBe(7);
		const tokens = decodeControlMessage(hexToBytes("af00" + "0008" + "03020300" + "00020301"), 19);
		expect(tokens.kind === "ok" && tokens.message).toEqual({
			type: "SETUP",
			authorizationTokens: [
				{ aliasType: 3, tokenType: 0n, value: new Uint8Array(0) },
				{ aliasType: 3, tokenType: 1n, value: new Uint8Array(0) },
			],
		});
	});

	it("reports a malformed token as KEY_VALUE_FORMATTING_ERROR at its offset in the message", () => {
		// draft-16 CLIENT_SETUP: 1 option, a 3-byte AUTHORIZATION TOKEN: USE_ALIAS 5 and a stray byte.
		const e = decodeError("200006" + "01" + "03" + "03" + "02" + "05" + "00", 16);
		expect(e.code).toBe("malformed");
		expect(e.terminationCode).toBe(TerminationCode.KEY_VALUE_FORMATTING_ERROR);
		expect(e.offset).toBe(6);
	});

	it("rejects a truncated token inside its option", () => {
		// USE_VALUE needs a Token Type after the Alias Type.
		const e = decodeError("af00" + "0003" + "03" + "01" + "03", 19);
		expect(e.terminationCode).toBe(TerminationCode.KEY_VALUE_FORMATTING_ERROR);
	});

	it("bounds the number of options", () => {
		const limits = { maxParameters: 2 };
		const three: Setup = { type: "SETUP", path: "", authority: "", implementation: "" };
		expect(() => encodeControlMessage(three, 19, { limits })).toThrow(/3 setup options/);
		const bytes = encodeControlMessage(three, 19);
		const d = decodeControlMessage(bytes, 19, { limits });
		expect(d.kind === "error" && d.error.code).toBe("too-large");
		const counted = encodeControlMessage({ type: "CLIENT_SETUP", path: "", authority: "", implementation: "" }, 16);
		const dc = decodeControlMessage(counted, 16, { limits });
		expect(dc.kind === "error" && dc.error.code).toBe("too-large");
	});

	it("rejects an option value longer than 65535 bytes before reading it", () => {
		// draft-19 SETUP: PATH with length 65536 (vi64 c10000).
		expect(decodeError("af00" + "0004" + "01" + "c10000", 19).code).toBe("too-large");
	});

	test.prop([
		fc.constantFrom(...DRAFTS_WITH_SETUP),
		fc.record(
			{
				path: fc.string(),
				authority: fc.string(),
				maxAuthTokenCacheSize: fc.bigInt({ min: 0n, max: 2n ** 62n - 1n }),
				implementation: fc.string(),
			},
			{ requiredKeys: [] },
		),
		fc.array(
			fc.oneof(
				fc.bigInt({ min: 0n, max: 1000n }).map((n) => ({ type: 0x9dn + 0x7fn * 2n * n + 0x7fn, value: n })),
				fc.uint8Array({ maxLength: 8 }).map((b) => ({ type: 0x9dn, value: b })),
			),
			{ maxLength: 5 },
		),
	])("round-trips arbitrary options with GREASE", (draft, known, unknown) => {
		const m: ClientSetup | Setup =
			draft <= 16 ? { type: "CLIENT_SETUP", ...known, unknown } : { type: "SETUP", ...known, unknown };
		const bytes = encodeControlMessage(m, draft);
		const d = decodeControlMessage(bytes, draft);
		expect(d.kind).toBe("ok");
		if (d.kind !== "ok") return;
		const { unknown: got, ...rest } = d.message as Setup;
		const { unknown: _sent, ...expected } = m as Setup;
		expect(rest).toMatchObject(expected);
		// From draft-16 unknown options come back sorted by type (a stable sort).
		const order =
			draft === 14 ? unknown : [...unknown].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
		expect(got ?? []).toEqual(order);
	});
});
