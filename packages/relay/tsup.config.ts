import { defineConfig } from "tsup";

export default defineConfig({
	entry: ["src/index.ts"],
	format: ["esm"],
	// The relay runs on Node.js: node:http for /metrics, node:fs for the config file.
	platform: "node",
	target: "es2022",
	dts: true,
	sourcemap: true,
	clean: true,
});
