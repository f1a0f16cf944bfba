import { defineConfig } from "vitest/config";

// Tests run in Node, which resolves through the SSR conditions: both lists name the source
// condition, and "node" so that the package's `#platform` import picks the Node.js transports
// (naming the conditions replaces Vite's defaults, which include it).
const conditions = ["@moqt/source", "node"];

export default defineConfig({
	resolve: { conditions },
	ssr: { resolve: { conditions } },
	test: {
		include: ["src/**/*.test.ts", "test/**/*.test.ts"],
		testTimeout: 30_000,
	},
});
