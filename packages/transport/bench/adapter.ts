/**
 * The plug-in interface of the transport benchmark: one module per adapter in `adapters/`,
 * exporting `adapter`. The server half runs in a child process, the client half in the main one.
 *
 * @module
 */

import type { TransportSession } from "../src/types.js";

/** A listening benchmark server, in the server process. */
export interface BenchServer {
	/** JSON-serialisable connection details handed to {@link BenchAdapter.connect} (port, certificate hash…). */
	readonly info: unknown;
	/** Sessions as clients connect, already accepted. */
	readonly sessions: AsyncIterable<TransportSession>;
	close(): Promise<void>;
}

/** One transport adapter under benchmark. */
export interface BenchAdapter {
	/** One line for RESULTS.md: what runs, over what. */
	readonly description: string;
	/** Server process: listen on 127.0.0.1. */
	listen(): Promise<BenchServer>;
	/** Client process: open a session to the server `info` describes. */
	connect(info: unknown): Promise<TransportSession>;
	/** Connections to hold open for the idle-RSS measurement; 0 to skip it (say why in `description`). */
	readonly idleConnections: number;
}

/** Loads `adapters/<name>.ts`. */
export async function loadAdapter(name: string): Promise<BenchAdapter> {
	const module = (await import(new URL(`./adapters/${name}.ts`, import.meta.url).href)) as { adapter?: BenchAdapter };
	if (!module.adapter) throw new Error(`bench/adapters/${name}.ts exports no adapter`);
	return module.adapter;
}
