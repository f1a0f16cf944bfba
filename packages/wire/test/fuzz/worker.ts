/**
 * One fuzz target in a worker thread, so that the main thread can tell a hang from slow progress
 * and stop it. Progress and the input being decoded are published in shared memory before every
 * call; the result is posted when the iterations are done.
 */

import { parentPort, workerData } from "node:worker_threads";
import { corpora } from "./corpus.js";
import { mutate, Rng, randomBytes } from "./mutate.js";
import { Escape, runTarget, type TargetName } from "./targets.js";

/** What the main thread hands a worker. */
export interface WorkerInput {
	readonly target: TargetName;
	/** Inputs per draft. */
	readonly iterations: number;
	readonly seed: number;
	/** [0]: iterations done; [1]: draft of the current input; [2]: its length. */
	readonly progress: SharedArrayBuffer;
	/** The current input's bytes. */
	readonly input: SharedArrayBuffer;
}

/** What a worker posts back. */
export type WorkerResult =
	| { readonly ok: true; readonly accepted: number; readonly iterations: number }
	| { readonly ok: false; readonly target: string; readonly hex: string; readonly error: string };

const MAX_INPUT = 1 << 16;

function main(w: WorkerInput): WorkerResult {
	const rng = new Rng(w.seed);
	const progress = new Int32Array(w.progress);
	const current = new Uint8Array(w.input);
	const drafts = [...corpora()];
	const all = drafts.flatMap(([, c]) => [...c.control, ...c.stream, ...c.datagram]);
	let accepted = 0;
	const total = w.iterations * drafts.length;
	for (let i = 0; i < total; i++) {
		const [draft, corpus] = drafts[i % drafts.length]!;
		const seeds = w.target === "control" ? corpus.control : w.target === "stream" ? corpus.stream : corpus.datagram;
		let input = rng.below(5) === 0 || seeds.length === 0 ? randomBytes(rng, 96) : mutate(rng, rng.pick(seeds), all);
		if (input.length > MAX_INPUT) input = input.subarray(0, MAX_INPUT);
		current.set(input);
		Atomics.store(progress, 1, draft);
		Atomics.store(progress, 2, input.length);
		try {
			if (runTarget(w.target, draft, input, rng)) accepted++;
		} catch (e) {
			if (!(e instanceof Escape)) throw e;
			const hex = Array.from(e.input, (b) => b.toString(16).padStart(2, "0")).join("");
			return { ok: false, target: e.target, hex, error: e.message };
		}
		Atomics.store(progress, 0, i + 1);
	}
	return { ok: true, accepted, iterations: total };
}

parentPort!.postMessage(main(workerData as WorkerInput));
