/**
 * The page's browser bundle (`src/server/bundle.ts`): built from `src/demo/page.ts` for the
 * browser, it imports no Node.js module (no `node:*`, no built-in, none of the Node.js transports'
 * packages) and carries the browser's WebTransport adapter; built for Node.js instead, the same
 * entry reaches Node.js modules (through `@moqt/client`'s Node.js adapters), which shows the check
 * sees what it looks for. A browser build that reaches one fails.
 */

import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundlePage, NodeImportError, PAGE_ENTRY } from "../src/server/bundle.js";

describe("the page bundle", () => {
	it("imports no Node.js module and uses the browser's WebTransport", async () => {
		const { code, nodeImports } = await bundlePage();
		expect(nodeImports).toEqual([]);
		expect(code).not.toMatch(/from\s*["']node:/);
		expect(code).not.toContain("@matrixai/quic");
		expect(code).toContain("connectWebTransport");
		expect(code).toContain("VideoEncoder");
	}, 60_000);

	it("differs from a Node.js build of the same entry, which reaches Node.js modules", async () => {
		const { nodeImports } = await bundlePage({ entry: PAGE_ENTRY, platform: "node" });
		expect(nodeImports.length).toBeGreaterThan(0);
		expect(nodeImports.some((m) => m.startsWith("node:") || m === "@matrixai/quic")).toBe(true);
	}, 60_000);

	it("fails a browser build that imports a Node.js module", async () => {
		const entry = join(tmpdir(), `moqt-web-bundle-${process.pid}.ts`);
		await writeFile(entry, 'import { createHash } from "node:crypto";\nconsole.log(createHash("sha256"));\n');
		try {
			const built = bundlePage({ entry });
			await expect(built).rejects.toBeInstanceOf(NodeImportError);
			await expect(built).rejects.toMatchObject({ imports: ["node:crypto"] });
		} finally {
			await rm(entry, { force: true });
		}
	}, 60_000);
});
