import { defineConfig } from "vitest/config";

// Tests run in Node, which resolves through the SSR conditions: both lists name the source
// condition, and "node" so that @moqt/client's `#platform` import picks the Node.js transports.
const conditions = ["@moqt/source", "node"];

export default defineConfig({
	resolve: { conditions },
	ssr: { resolve: { conditions } },
	test: {
		include: ["test/**/*.test.ts"],
		// The end-to-end files run the client (whose cases have the spec's timeouts of 2 to 5
		// seconds) against servers they start: one file at a time leaves them the machine's cores.
		fileParallelism: false,
		testTimeout: 60_000,
		hookTimeout: 30_000,
	},
});
