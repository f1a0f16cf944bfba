import { describe, expect, it } from "vitest";
import { createLogger, type LogLevel } from "./log.js";

function capture(level?: LogLevel) {
	const lines: string[] = [];
	const log = createLogger({
		...(level ? { level } : {}),
		write: (l) => lines.push(l),
		now: () => Date.UTC(2030, 0, 2, 3, 4, 5),
	});
	return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("createLogger", () => {
	it("writes one JSON object per line with time, level, message and fields", () => {
		const { log, lines, parsed } = capture();
		log.info("session opened", { draft: 19, remote: "127.0.0.1:4433" });
		expect(lines).toHaveLength(1);
		expect(lines[0]!.endsWith("\n")).toBe(true);
		expect(lines[0]!.slice(0, -1)).not.toContain("\n");
		expect(parsed()[0]).toEqual({
			time: "2030-01-02T03:04:05.000Z",
			level: "info",
			msg: "session opened",
			draft: 19,
			remote: "127.0.0.1:4433",
		});
	});

	it("filters below its level", () => {
		const { log, parsed } = capture("warn");
		log.debug("d");
		log.info("i");
		log.warn("w");
		log.error("e");
		expect(parsed().map((r) => r.level)).toEqual(["warn", "error"]);
		expect(log.enabled("info")).toBe(false);
		expect(log.enabled("error")).toBe(true);
	});

	it("defaults to info", () => {
		const { log, parsed } = capture();
		log.debug("hidden");
		log.info("shown");
		expect(parsed().map((r) => r.msg)).toEqual(["shown"]);
	});

	it("carries child fields, overridable per line", () => {
		const { log, parsed } = capture();
		const session = log.child({ session: 7, role: "publisher" });
		session.child({ request: 3n }).warn("refused", { role: "subscriber" });
		expect(parsed()[0]).toMatchObject({ session: 7, request: "3", role: "subscriber" });
	});

	it("renders bigints, bytes and errors, and survives a cycle", () => {
		const { log, parsed } = capture();
		const cyclic: Record<string, unknown> = {};
		cyclic.self = cyclic;
		const err = Object.assign(new Error("boom"), { code: "EPIPE" });
		log.error("x", { group: 2n ** 63n, field: new Uint8Array([0, 255]), big: new Uint8Array(40), err });
		log.error("y", { cyclic });
		const [x, y] = parsed();
		expect(x).toMatchObject({
			group: "9223372036854775808",
			field: { bytes: 2, hex: "00ff" },
			err: { name: "Error", message: "boom", code: "EPIPE" },
		});
		expect((x!.big as { hex: string }).hex).toBe(`${"00".repeat(32)}…`);
		expect(y).toMatchObject({ msg: "y", level: "error" });
		expect(String(y!.logError)).toMatch(/not serializable/);
	});

	it("refuses an unknown level", () => {
		expect(() => createLogger({ level: "verbose" as LogLevel })).toThrow(RangeError);
	});
});
