/**
 * The page's script: `src/demo/page.ts` bundled by esbuild for the browser, from the workspace's
 * TypeScript sources (the `@moqt/source` condition). A browser bundle must not import any Node.js
 * module: every `node:*` or built-in import is recorded, and the build fails if there is one
 * (`@moqt/client` keeps its Node.js adapters behind the "node" condition of its `#platform`
 * import).
 *
 * @module
 */

import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/** The page's entry point. */
export const PAGE_ENTRY = fileURLToPath(new URL("../demo/page.ts", import.meta.url));

/** The page's HTML template. */
export const PAGE_HTML = fileURLToPath(new URL("../demo/index.html", import.meta.url));

/** A bundled script. */
export interface Bundle {
	readonly code: string;
	/** The Node.js modules it imports: always empty for a successful browser build. */
	readonly nodeImports: readonly string[];
}

/** A browser bundle that imports Node.js modules. */
export class NodeImportError extends Error {
	readonly imports: readonly string[];

	constructor(imports: readonly string[]) {
		super(`the browser bundle imports Node.js modules: ${imports.join(", ")}`);
		this.name = "NodeImportError";
		this.imports = imports;
	}
}

// Node.js built-ins, and the native or Node-only packages behind `@moqt/transport`'s Node.js adapters.
const NODE_ONLY = ["@matrixai/quic", "@fails-components/webtransport"];
const NODE_MODULE = new RegExp(
	`^(node:.*|${[...builtinModules, ...NODE_ONLY].map((m) => m.replace(/[/]/g, "\\/")).join("|")})(\\/.*)?$`,
);

/** Options of {@link bundlePage}. */
export interface BundleOptions {
	/** What to bundle (default: the page). */
	readonly entry?: string;
	/** "node" only to show that the check finds what it looks for; the page is for "browser". */
	readonly platform?: "browser" | "node";
	/** Minify (default false: the demo is for reading). */
	readonly minify?: boolean;
}

/**
 * Bundles the page for the browser. Throws {@link NodeImportError} when the bundle would import a
 * Node.js module (a built-in, or a package only the Node.js transports use) (for `platform: "node"` it returns them instead), and esbuild's error when the
 * build fails.
 */
export async function bundlePage(options: BundleOptions = {}): Promise<Bundle> {
	const platform = options.platform ?? "browser";
	const nodeImports: string[] = [];
	const recordBuiltins: Plugin = {
		name: "record-node-imports",
		setup(b) {
			b.onResolve({ filter: NODE_MODULE }, (args) => {
				nodeImports.push(args.path);
				return { path: args.path, external: true };
			});
		},
	};
	const result = await build({
		entryPoints: [options.entry ?? PAGE_ENTRY],
		bundle: true,
		format: "esm",
		platform,
		target: platform === "browser" ? "chrome120" : "node20",
		conditions: ["@moqt/source"],
		write: false,
		logLevel: "silent",
		minify: options.minify ?? false,
		sourcemap: platform === "browser" ? "inline" : false,
		legalComments: "none",
		plugins: [recordBuiltins],
	});
	if (platform === "browser" && nodeImports.length > 0) throw new NodeImportError([...new Set(nodeImports)]);
	return { code: result.outputFiles?.[0]?.text ?? "", nodeImports: [...new Set(nodeImports)] };
}
