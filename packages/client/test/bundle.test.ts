/**
 * The browser build: `src/index.ts` bundled by esbuild for the browser must not import any
 * Node.js module (`node:*` or a bare built-in name), because the package's `#platform` import
 * resolves to the browser module under the "browser" condition. The same bundle for Node.js
 * does reach them (through the dynamic imports of the QUIC, HTTP/3 and HTTP/2 adapters), which
 * shows the check sees what it looks for.
 */

import { builtinModules, createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The part of esbuild's `build` used here (esbuild is not a dependency of this package). */
type Build = (options: {
	readonly entryPoints: string[];
	readonly bundle: boolean;
	readonly format: "esm";
	readonly platform: "browser" | "node";
	readonly conditions: string[];
	readonly write: false;
	readonly logLevel: "silent";
	readonly external: string[];
	readonly plugins: {
		readonly name: string;
		setup(build: {
			onResolve(
				options: { readonly filter: RegExp },
				callback: (args: { readonly path: string }) => { path: string; external: boolean },
			): void;
		}): void;
	}[];
}) => Promise<{ readonly outputFiles?: readonly { readonly text: string }[] }>;

// esbuild comes with the workspace through apps/web, which declares it.
async function loadBuild(): Promise<Build> {
	const path = createRequire(new URL("../../../apps/web/package.json", import.meta.url)).resolve("esbuild");
	const esbuild = (await import(path)) as { readonly build: Build };
	return esbuild.build;
}

const BUILTIN = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, "\\/")).join("|")})(\\/.*)?$`);

/** Bundles the package entry for a platform; returns the Node.js modules it imports and the code. */
async function bundle(platform: "browser" | "node"): Promise<{ builtins: string[]; code: string }> {
	const build = await loadBuild();
	const builtins: string[] = [];
	const result = await build({
		entryPoints: [fileURLToPath(new URL("../src/index.ts", import.meta.url))],
		bundle: true,
		format: "esm",
		platform,
		conditions: ["@moqt/source"],
		write: false,
		logLevel: "silent",
		// Native addons and the optional WebTransport library are not what this test is about.
		external: ["@matrixai/quic", "@fails-components/webtransport"],
		plugins: [
			{
				name: "record-builtins",
				setup(b) {
					b.onResolve({ filter: BUILTIN }, (args) => {
						builtins.push(args.path);
						return { path: args.path, external: true };
					});
				},
			},
		],
	});
	return { builtins, code: result.outputFiles?.[0]?.text ?? "" };
}

describe("the browser bundle", () => {
	it("imports no Node.js module and carries no Node.js adapter", async () => {
		const { builtins, code } = await bundle("browser");
		expect(builtins).toEqual([]);
		expect(code).not.toContain("@matrixai/quic");
		expect(code).not.toContain("@fails-components");
		expect(code).toContain("connectWebTransport");
	}, 60_000);

	it("differs from the Node.js bundle, which reaches the Node.js adapters", async () => {
		const { builtins, code } = await bundle("node");
		expect(builtins.length).toBeGreaterThan(0);
		expect(code).toContain("@matrixai/quic");
	}, 60_000);
});
