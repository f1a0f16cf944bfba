import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const source = fileURLToPath(new URL("../src/", import.meta.url));

/** Every import specifier (static, dynamic, re-export) of the modules `entry` reaches through relative imports. */
function importGraph(entry: string): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	const visit = (file: string) => {
		if (graph.has(file)) return;
		const text = readFileSync(file, "utf8");
		const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1] ?? "");
		graph.set(file, specifiers);
		for (const specifier of specifiers) {
			if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
		}
	};
	visit(resolve(source, entry));
	return graph;
}

describe("the main entry", () => {
	it("reaches only relative modules: no node:* and no packages, so it runs in browsers", () => {
		const graph = importGraph("index.ts");
		expect(graph.has(resolve(source, "memory/session.ts"))).toBe(true);
		expect(graph.has(resolve(source, "webtransport/session.ts"))).toBe(true);
		const external = [...graph].flatMap(([file, specifiers]) =>
			specifiers.filter((s) => !s.startsWith(".")).map((s) => `${file.slice(source.length)} imports ${s}`),
		);
		expect(external).toEqual([]);
	});
});
