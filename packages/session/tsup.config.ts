import { defineConfig } from "tsup";

export default defineConfig({
	entry: ["src/index.ts", "src/core/index.ts"],
	format: ["esm"],
	// "neutral" makes the build fail if a Node-only import (node:*, Buffer) leaks in: sessions run in browsers too.
	platform: "neutral",
	target: "es2022",
	dts: true,
	sourcemap: true,
	clean: true,
});
