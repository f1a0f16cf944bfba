/**
 * The fuzzer: `npx --yes pnpm@10 --filter @moqt/wire fuzz`.
 *
 * For every decoder (control messages of every draft through decodeControlMessage, the data
 * stream decoder with random chunking and late group orders, datagrams), feeds random bytes and
 * mutations of valid encodings (golden vectors and encoder output, see corpus.ts), by default a
 * million inputs per decoder and draft. The only error a decoder may throw is a
 * WireError (decodeControlMessage may throw none), and no input may hang it: each target runs
 * in a worker, and one that makes no progress for `FUZZ_STALL_MS` (10 s) is stopped and its
 * input printed.
 *
 * `FUZZ_ITERATIONS` sets the inputs per decoder and draft, and `FUZZ_SEED` the seed (printed, to
 * replay).
 */

import { Worker } from "node:worker_threads";
import { TARGETS, type TargetName } from "./targets.js";
import type { WorkerInput, WorkerResult } from "./worker.js";

const iterations = Number(process.env.FUZZ_ITERATIONS ?? 1_000_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() & 0x7fffffff);
const stallMs = Number(process.env.FUZZ_STALL_MS ?? 10_000);

// Workers do not inherit the TypeScript loader: each one registers tsx, then loads worker.ts.
const BOOT = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))})
	.then(({ register }) => { register(); return import(${JSON.stringify(new URL("./worker.ts", import.meta.url).href)}); })`;

async function fuzz(target: TargetName): Promise<boolean> {
	const progress = new SharedArrayBuffer(12);
	const input = new SharedArrayBuffer(1 << 16);
	const data: WorkerInput = { target, iterations, seed, progress, input };
	const worker = new Worker(BOOT, { eval: true, workerData: data });
	const counters = new Int32Array(progress);
	const started = performance.now();
	return new Promise<boolean>((resolve) => {
		let last = -1;
		let lastChange = performance.now();
		const timer = setInterval(() => {
			const done = Atomics.load(counters, 0);
			if (done !== last) {
				last = done;
				lastChange = performance.now();
				return;
			}
			if (performance.now() - lastChange < stallMs) return;
			clearInterval(timer);
			const len = Atomics.load(counters, 2);
			const hex = Buffer.from(new Uint8Array(input, 0, len)).toString("hex");
			console.error(
				`✗ ${target}: no progress for ${stallMs} ms (a hang) on draft-${Atomics.load(counters, 1)} input ${hex}`,
			);
			void worker.terminate();
			resolve(false);
		}, 500);
		worker.once("message", (r: WorkerResult) => {
			clearInterval(timer);
			const secs = ((performance.now() - started) / 1000).toFixed(1);
			if (r.ok) {
				const pct = ((100 * r.accepted) / r.iterations).toFixed(1);
				console.log(`✓ ${target}: ${r.iterations} inputs in ${secs} s, ${pct}% accepted, only WireErrors otherwise`);
			} else {
				console.error(`✗ ${r.target}: a non-WireError escaped on input ${r.hex}\n${r.error}`);
			}
			void worker.terminate();
			resolve(r.ok);
		});
		worker.once("error", (e) => {
			clearInterval(timer);
			console.error(`✗ ${target}: the worker failed: ${e.stack ?? e}`);
			resolve(false);
		});
	});
}

console.log(`fuzzing ${TARGETS.join(", ")}: ${iterations} inputs per draft each, seed ${seed}`);
let ok = true;
for (const target of TARGETS) ok = (await fuzz(target)) && ok;
process.exit(ok ? 0 : 1);
