import { defineConfig } from "tsup";

export default defineConfig({
	// One build for both entries so the Node entry shares the core's chunk (one copy of each class)
	// instead of bundling a second one. The core stays Node-free by tsconfig.core.json and
	// test/platform.test.ts, which is what wire's platform "neutral" checks.
	entry: { index: "src/index.ts", "node/index": "src/node/index.ts" },
	format: ["esm"],
	platform: "node",
	target: "es2022",
	dts: true,
	sourcemap: true,
	clean: true,
});
