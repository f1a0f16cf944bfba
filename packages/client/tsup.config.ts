import { defineConfig } from "tsup";

export default defineConfig({
	// The platform modules are entries of their own: `#platform` picks one when the package is loaded.
	entry: ["src/index.ts", "src/platform/node.ts", "src/platform/browser.ts"],
	format: ["esm"],
	platform: "neutral",
	target: "es2022",
	dts: true,
	sourcemap: true,
	clean: true,
	external: ["#platform", "@moqt/transport", "@moqt/session", "@moqt/wire"],
});
