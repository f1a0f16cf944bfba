import { defineConfig } from "tsup";

export default defineConfig([
	{
		// The interface, the in-memory pair and the W3C WebTransport adapter run anywhere.
		entry: { index: "src/index.ts", interface: "src/interface.ts", "memory/index": "src/memory/index.ts" },
		format: ["esm"],
		platform: "neutral",
		target: "es2022",
		dts: true,
		sourcemap: true,
		clean: true,
	},
	{
		// Node.js adapters: raw QUIC, @fails-components/webtransport, HTTP/3 WebTransport.
		entry: {
			"quic/index": "src/quic/index.ts",
			"fails/index": "src/fails/index.ts",
			"h3/index": "src/h3/index.ts",
			"cert/index": "src/cert/index.ts",
		},
		format: ["esm"],
		platform: "node",
		target: "es2022",
		dts: true,
		sourcemap: true,
		external: ["@matrixai/quic", "@fails-components/webtransport"],
	},
]);
