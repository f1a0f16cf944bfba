import { defineConfig } from "tsup";

export default defineConfig({
	entry: ["src/index.ts"],
	format: ["esm"],
	// "neutral" makes the build fail if a Node-only import (node:*, Buffer) leaks into the codec.
	platform: "neutral",
	target: "es2022",
	dts: true,
	sourcemap: true,
	clean: true,
});
