/**
 * The benchmark's server process (`child_process.fork`ed by run.ts): listens with the adapter
 * named in argv, reports its connection details over IPC, serves every session, and answers RSS
 * queries until told to close.
 *
 * @module
 */

import { loadAdapter } from "./adapter.js";
import type { ClientMessage, ServerMessage } from "./protocol.js";
import { serveSession } from "./serve.js";

function send(message: ServerMessage): void {
	process.send?.(message);
}

const name = process.argv[2];
if (!name || !process.send) throw new Error("usage: forked by bench/run.ts with an adapter name");

try {
	const adapter = await loadAdapter(name);
	const server = await adapter.listen();
	process.on("message", (message: ClientMessage) => {
		if (message.type === "rss") {
			// Collect first, so the figure is what the sessions hold, not garbage.
			globalThis.gc?.();
			send({ type: "rss", rss: process.memoryUsage().rss });
		} else if (message.type === "close") {
			void server.close().finally(() => process.disconnect());
		}
	});
	send({ type: "ready", info: server.info });
	for await (const session of server.sessions) void serveSession(session).catch(() => {});
} catch (error) {
	send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	process.disconnect();
}
