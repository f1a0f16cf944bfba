/**
 * The format core must run in browsers: outside src/node, no module may import a Node built-in or
 * touch Node globals. (tsconfig.core.json checks the same by type-checking without Node types;
 * this test keeps the check inside `vitest run`.)
 */

import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));

describe("platform neutrality", () => {
	it("keeps node:*, Buffer, process and require out of the core", async () => {
		const files = (await readdir(SRC)).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
		expect(files.length).toBeGreaterThan(10);
		for (const file of files) {
			const code = (await readFile(join(SRC, file), "utf8")).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
			expect(code, file).not.toMatch(/from\s+["'](node:|fs|path|os|crypto|buffer)/);
			expect(code, file).not.toMatch(/\b(Buffer|process|require|__dirname)\b/);
		}
	});

	it("exposes the Node side only under the ./node subpath", async () => {
		const pkg = JSON.parse(await readFile(join(SRC, "../package.json"), "utf8"));
		expect(Object.keys(pkg.exports)).toEqual(["./package.json", ".", "./node"]);
		expect(pkg.exports["."]["@moqt/source"]).toBe("./src/index.ts");
		expect(pkg.exports["./node"]["@moqt/source"]).toBe("./src/node/index.ts");
		expect(pkg.sideEffects).toBe(false);
	});
});
