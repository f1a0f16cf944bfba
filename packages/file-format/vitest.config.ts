import { defineConfig } from "vitest/config";

export default defineConfig({
	resolve: { conditions: ["@moqt/source"] },
	test: {
		include: ["src/**/*.test.ts", "test/**/*.test.ts"],
		testTimeout: 20_000,
	},
});
