/**
 * The command line and the environment: defaults, the variables, and "environment variables take
 * precedence over command-line defaults but not over explicit command-line arguments".
 */

import { describe, expect, test } from "vitest";
import { checkRelay, DEFAULT_RELAY, OptionsError, parseDrafts, parseOptions } from "../src/options.js";

describe("parseOptions", () => {
	test("defaults: the interface's relay, every case, every draft newest first", () => {
		const options = parseOptions([], {});
		expect(options).toMatchObject({
			relay: DEFAULT_RELAY,
			test: undefined,
			list: false,
			verbose: false,
			tlsDisableVerify: false,
			drafts: [19, 18, 16, 14],
			draftsPinned: false,
			dataFlow: false,
		});
		expect(DEFAULT_RELAY).toBe("https://localhost:4443");
	});

	test("the environment fills in what the command line leaves out", () => {
		const options = parseOptions([], {
			RELAY_URL: "moqt://relay:4443",
			TESTCASE: "announce-only",
			TLS_DISABLE_VERIFY: "1",
			VERBOSE: "1",
			MOQT_DRAFT: "draft-14",
			MOQT_DATA_FLOW: "true",
		});
		expect(options).toMatchObject({
			relay: "moqt://relay:4443",
			test: "announce-only",
			tlsDisableVerify: true,
			verbose: true,
			drafts: [14],
			draftsPinned: true,
			dataFlow: true,
		});
	});

	test("explicit options win over the environment", () => {
		const options = parseOptions(["-r", "https://cli:1", "--test", "setup-only", "--draft", "16"], {
			RELAY_URL: "moqt://env:2",
			TESTCASE: "announce-only",
			MOQT_DRAFT: "14",
		});
		expect(options).toMatchObject({ relay: "https://cli:1", test: "setup-only", drafts: [16] });
	});

	test("short and long flags; 0 and empty variables are off or unset", () => {
		expect(parseOptions(["-l", "-v", "--tls-disable-verify"], {})).toMatchObject({
			list: true,
			verbose: true,
			tlsDisableVerify: true,
		});
		expect(parseOptions([], { VERBOSE: "0", TLS_DISABLE_VERIFY: "", RELAY_URL: "" })).toMatchObject({
			verbose: false,
			tlsDisableVerify: false,
			relay: DEFAULT_RELAY,
		});
	});

	test("unknown options and stray arguments are errors, not unsupported", () => {
		for (const argv of [["--nope"], ["extra"], ["-r"]]) {
			const error = catchError(() => parseOptions(argv, {}));
			expect(error).toBeInstanceOf(OptionsError);
			expect((error as OptionsError).unsupported).toBe(false);
		}
	});
});

describe("parseDrafts and checkRelay", () => {
	test("drafts by number or name, in the order given, each once", () => {
		expect(parseDrafts("19")).toEqual([19]);
		expect(parseDrafts("draft-16, 14,16")).toEqual([16, 14]);
	});

	test("a draft we do not speak is unsupported", () => {
		for (const text of ["15", "draft-13", "x", ""]) {
			const error = catchError(() => parseDrafts(text));
			expect((error as OptionsError).unsupported, text).toBe(true);
		}
	});

	test("https:// and moqt:// relays only", () => {
		expect(() => checkRelay("https://relay:4443/moq")).not.toThrow();
		expect(() => checkRelay("moqt://relay")).not.toThrow();
		expect((catchError(() => checkRelay("quic://relay")) as OptionsError).unsupported).toBe(true);
		expect((catchError(() => checkRelay("not a url")) as OptionsError).unsupported).toBe(false);
	});
});

function catchError(f: () => unknown): unknown {
	try {
		f();
	} catch (error) {
		return error;
	}
	throw new Error("expected an error");
}
