import { defineConfig } from "vitest/config";

export default defineConfig({
	// Tests run in Node, which resolves through the SSR conditions: both lists name the source condition.
	resolve: { conditions: ["@moqt/source"] },
	ssr: { resolve: { conditions: ["@moqt/source"] } },
	test: {
		include: ["test/**/*.test.ts"],
		// The end-to-end tests start a relay and several CLI processes, each compiling TypeScript
		// through tsx on a 2-core machine.
		testTimeout: 120_000,
		hookTimeout: 60_000,
	},
});
