/**
 * The TAP writer, read back by the tests' TAP 14 parser; and the parser's own strictness, so that
 * a run it accepts is one the runner can read.
 */

import { describe, expect, test } from "vitest";
import { TapWriter, yamlScalar } from "../src/tap.js";
import { parseTap } from "./tap-parser.js";

function written(f: (tap: TapWriter) => void): string {
	const lines: string[] = [];
	f(new TapWriter((line) => lines.push(line)));
	return `${lines.join("\n")}\n`;
}

describe("TapWriter", () => {
	test("writes the interface's layout, which parses back", () => {
		const text = written((tap) => {
			tap.version();
			tap.comment("moq-test-client v0.1.0");
			tap.comment("Relay: https://relay.example.com:4443");
			tap.plan(3);
			tap.point({ number: 1, ok: true, name: "setup-only", diagnostics: { duration_ms: 24, connection_id: "84ee77" } });
			tap.point({
				number: 2,
				ok: false,
				name: "subscribe-error",
				diagnostics: { duration_ms: 2001, expected: "REQUEST_ERROR", received: "timeout", message: 'said "no": 1 # 2' },
			});
			tap.point({ number: 3, ok: true, name: "a # b \\ c", skip: "not implemented" });
		});
		expect(text).toBe(
			[
				"TAP version 14",
				"# moq-test-client v0.1.0",
				"# Relay: https://relay.example.com:4443",
				"1..3",
				"ok 1 - setup-only",
				"  ---",
				"  duration_ms: 24",
				"  connection_id: 84ee77",
				"  ...",
				"not ok 2 - subscribe-error",
				"  ---",
				"  duration_ms: 2001",
				"  expected: REQUEST_ERROR",
				"  received: timeout",
				'  message: "said \\"no\\": 1 # 2"',
				"  ...",
				"ok 3 - a \\# b \\\\ c # SKIP not implemented",
				"",
			].join("\n"),
		);
		const tap = parseTap(text);
		expect(tap.points.map((p) => [p.ok, p.description])).toEqual([
			[true, "setup-only"],
			[false, "subscribe-error"],
			[true, "a # b \\ c"],
		]);
		expect(tap.points[1]?.yaml).toEqual({
			duration_ms: 2001,
			expected: "REQUEST_ERROR",
			received: "timeout",
			message: 'said "no": 1 # 2',
		});
		expect(tap.points[2]?.directive).toEqual({ kind: "SKIP", reason: "not implemented" });
	});

	test("Bail out! ends a run early", () => {
		const tap = parseTap(
			written((w) => {
				w.version();
				w.plan(5);
				w.point({ number: 1, ok: false, name: "setup-only" });
				w.bailOut("Relay connection refused\nsecond line");
			}),
		);
		expect(tap.bailOut).toBe("Relay connection refused second line");
		expect(tap.points).toHaveLength(1);
	});

	test("YAML scalars: plain when unambiguous, quoted otherwise", () => {
		expect(yamlScalar(12)).toBe("12");
		expect(yamlScalar(true)).toBe("true");
		expect(yamlScalar("draft-14")).toBe("draft-14");
		expect(yamlScalar("6efb4b6f94054e37")).toBe("6efb4b6f94054e37");
		for (const ambiguous of ["1234", "12e34", "yes", "null", "a: b", "two words", "", "2026-11-26", "-x"]) {
			expect(yamlScalar(ambiguous)).toBe(JSON.stringify(ambiguous));
		}
	});
});

describe("parseTap rejects what the runner could not read", () => {
	const bad: Record<string, string> = {
		"no version line": "1..1\nok 1 - a\n",
		"an older version": "TAP version 13\n1..1\nok 1 - a\n",
		"no plan": "TAP version 14\nok 1 - a\n",
		"fewer points than planned": "TAP version 14\n1..2\nok 1 - a\n",
		"points out of order": "TAP version 14\n1..2\nok 2 - a\nok 1 - b\n",
		"two plans": "TAP version 14\n1..1\nok 1 - a\n1..1\n",
		"a YAML block without its end": "TAP version 14\n1..1\nok 1 - a\n  ---\n  x: 1\n",
		"a YAML line not indented by two": "TAP version 14\n1..1\nok 1 - a\n  ---\n    x: 1\n  ...\n",
		"a stray line": "TAP version 14\n1..1\nok 1 - a\nhello\n",
		"output after Bail out!": "TAP version 14\n1..2\nok 1 - a\nBail out! x\nok 2 - b\n",
	};
	for (const [what, text] of Object.entries(bad)) {
		test(what, () => {
			expect(() => parseTap(text)).toThrow(/TAP line/);
		});
	}

	test("a trailing plan is valid", () => {
		expect(parseTap("TAP version 14\nok 1 - a\nok 2 - b\n1..2\n").points).toHaveLength(2);
	});
});
