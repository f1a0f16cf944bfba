/**
 * Runs every golden vector under test/vectors/<draft>/ in both directions (see its README).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeControlMessage, encodeControlMessage } from "../src/control.js";
import type { ControlMessage } from "../src/messages/index.js";
import { type Draft, isSupportedDraft } from "../src/version.js";
import { fromVectorJson, hexToBytes, toHex } from "./vector-json.js";

interface Vector {
	readonly description: string;
	readonly hex: string;
	readonly kind?: "control" | "subgroup" | "fetch" | "datagram";
	readonly message?: unknown;
	readonly error?: string;
	readonly nonCanonical?: boolean;
}

const root = join(import.meta.dirname, "vectors");

function* walk(dir: string): Generator<string> {
	for (const name of readdirSync(dir)) {
		const p = join(dir, name);
		if (statSync(p).isDirectory()) yield* walk(p);
		else if (name.endsWith(".json") && name !== "manifest.json") yield p;
	}
}

const drafts = readdirSync(root).filter((d) => /^\d+$/.test(d) && isSupportedDraft(Number(d)));

describe.each(drafts)("draft-%s golden vectors", (d) => {
	const draft = Number(d) as Draft;
	const files = [...walk(join(root, d))];
	it("has vectors", () => expect(files.length).toBeGreaterThan(0));
	for (const file of files) {
		const v = JSON.parse(readFileSync(file, "utf8")) as Vector;
		if ((v.kind ?? "control") !== "control") continue;
		it(file.slice(root.length + 1), () => {
			const bytes = hexToBytes(v.hex);
			const result = decodeControlMessage(bytes, draft);
			if (v.error !== undefined) {
				expect(result.kind).toBe("error");
				if (result.kind === "error") expect(result.error.code).toBe(v.error);
				return;
			}
			const message = fromVectorJson(v.message) as ControlMessage;
			expect(result).toEqual({ kind: "ok", message, consumed: bytes.length });
			if (v.nonCanonical !== true) expect(toHex(encodeControlMessage(message, draft))).toBe(toHex(bytes));
		});
	}
});
