/**
 * Printing received objects (for `sub` and `fetch`): one line each on stdout, text or JSON,
 * with the progress meter on a terminal and a one-line summary at the end.
 *
 * @module
 */

import type { TrackObject } from "@moqt/client";
import { latencyMs, nowMicros } from "../clock.js";
import type { Io } from "../command.js";
import { objectJson, objectLine } from "./object-line.js";
import { formatBytes, Progress } from "./progress.js";
import { summarizeLatency } from "./stats.js";

/** Prints objects as they arrive and sums them up. */
export class ObjectPrinter {
	readonly #io: Io;
	readonly #json: boolean;
	readonly #progress: Progress;
	readonly #latencies: number[] = [];

	constructor(io: Io, json: boolean) {
		this.#io = io;
		this.#json = json;
		this.#progress = new Progress(io.stderr, "received").start();
	}

	/** Objects printed so far. */
	get count(): number {
		return this.#progress.objects;
	}

	/** Prints one object (latency measured now). */
	print(o: TrackObject): void {
		const latency = latencyMs(o.properties, nowMicros());
		if (latency !== undefined) this.#latencies.push(latency);
		this.#progress.add(o.payload.length, o.group);
		this.#io.stdout.write(`${this.#json ? objectJson(o, latency) : objectLine(o, latency)}\n`);
	}

	/** Stops the meter and returns the summary line (for stderr). */
	finish(): string {
		this.#progress.stop();
		const p = this.#progress;
		let line = `${p.objects} objects, ${formatBytes(p.bytes)}, ${p.groups} groups`;
		const latency = summarizeLatency(this.#latencies);
		if (latency.count > 0) {
			line += `; latency p50 ${latency.p50!.toFixed(2)} ms, p99 ${latency.p99!.toFixed(2)} ms, max ${latency.max!.toFixed(2)} ms`;
		}
		return line;
	}
}
