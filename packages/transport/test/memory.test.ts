import { createMemoryPair } from "../src/memory/index.js";
import { runConformance } from "./conformance.js";

runConformance(
	"memory pair",
	async () => {
		const [client, server] = createMemoryPair({ protocol: "moqt-16" });
		return {
			client,
			server,
			vanish: () => client.disconnect(),
			cleanup: async () => {
				client.close();
				server.close();
			},
		};
	},
	{ protocol: "moqt-16", backpressureLimit: 1024 * 1024 },
);

runConformance(
	"memory pair with 2 ms latency and small limits",
	async () => {
		const [client, server] = createMemoryPair({
			latency: 2,
			maxBidiStreams: 10,
			maxUniStreams: 10,
			streamBufferSize: 64 * 1024,
		});
		return {
			client,
			server,
			vanish: () => server.disconnect("idle-timeout"),
			cleanup: async () => {
				client.close();
				server.close();
			},
		};
	},
	{ backpressureLimit: 128 * 1024 },
);
