import { defineConfig } from "vitest/config";

export default defineConfig({
	// Tests run in Node, which resolves through the SSR conditions: both lists name the source condition.
	resolve: { conditions: ["@moqt/source"] },
	ssr: { resolve: { conditions: ["@moqt/source"] } },
	test: {
		include: ["test/**/*.test.ts"],
		testTimeout: 60_000,
	},
});
