/**
 * The transport benchmark: `node --conditions=@moqt/source --import tsx bench/run.ts [adapter…] [--quick]`.
 * For each adapter (default: every file in bench/adapters/) it forks the server process, measures
 * as the client, prints the figures and, unless `--quick`, records them in bench/RESULTS.md.
 *
 * @module
 */

import { type ChildProcess, fork } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type BenchAdapter, loadAdapter } from "./adapter.js";
import type { ClientMessage, ServerMessage } from "./protocol.js";
import { machine, type Row, writeSection } from "./results.js";
import { bulk, datagrams, FULL, handshakes, idleMemory, QUICK, roundTrips, smallWrites } from "./scenarios.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const sizes = quick ? QUICK : FULL;
const named = args.filter((arg) => !arg.startsWith("--"));
// @fails-components/webtransport leaves work running in this (the client) process after its
// sessions close, which halved the throughput of adapters measured after it: it runs last.
const names =
	named.length > 0
		? named
		: readdirSync(here("./adapters/"))
				.map((file) => file.replace(/\.ts$/, ""))
				.sort((a, b) => Number(a.startsWith("fails")) - Number(b.startsWith("fails")));

/** Starts the server process and waits for its connection details. */
function startServer(name: string): Promise<{ child: ChildProcess; info: unknown }> {
	const child = fork(here("./server.ts"), [name], {
		execArgv: ["--conditions=@moqt/source", "--import", "tsx"],
	});
	return new Promise((resolve, reject) => {
		const onMessage = (message: ServerMessage) => {
			if (message.type === "ready") resolve({ child, info: message.info });
			else if (message.type === "error") reject(new Error(`server: ${message.message}`));
		};
		child.on("message", onMessage);
		child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
	});
}

function askRss(child: ChildProcess): Promise<number> {
	return new Promise((resolve) => {
		const onMessage = (message: ServerMessage) => {
			if (message.type !== "rss") return;
			child.off("message", onMessage);
			resolve(message.rss);
		};
		child.on("message", onMessage);
		child.send({ type: "rss" } satisfies ClientMessage);
	});
}

async function measure(adapter: BenchAdapter, info: unknown, child: ChildProcess): Promise<Row[]> {
	const rows: Row[] = [];
	const row = async (metric: string, run: () => Promise<string>) => {
		try {
			rows.push({ metric, value: await run() });
		} catch (error) {
			rows.push({ metric, value: `failed: ${error instanceof Error ? error.message : String(error)}` });
		}
		console.log(`  ${metric}: ${rows.at(-1)?.value}`);
	};
	await row(`Session setup (median / p90 of ${sizes.handshakes})`, async () => {
		const { median, p90 } = await handshakes(adapter, info, sizes.handshakes);
		return `${median.toFixed(1)} ms / ${p90.toFixed(1)} ms`;
	});
	const session = await adapter.connect(info);
	const mib = sizes.bulkBytes / 1024 / 1024;
	await row(`Bulk, 1 stream (${mib} MiB)`, async () => `${(await bulk(session, sizes.bulkBytes, 1)).toFixed(1)} MiB/s`);
	await row(
		`Bulk, 10 streams (${mib} MiB)`,
		async () => `${(await bulk(session, sizes.bulkBytes, 10)).toFixed(1)} MiB/s`,
	);
	await row(`Small writes (${sizes.smallWrites} × 100 B)`, async () => {
		return `${Math.round(await smallWrites(session, sizes.smallWrites)).toLocaleString("en")} writes/s`;
	});
	await row(`Round trips (${sizes.roundTrips} × 100 B)`, async () => {
		return `${Math.round(await roundTrips(session, sizes.roundTrips)).toLocaleString("en")} round trips/s`;
	});
	await row(`Datagrams (${sizes.datagrams})`, async () => {
		const result = await datagrams(session, sizes.datagrams);
		const rate = Math.round(result.perSecond).toLocaleString("en");
		return `${rate} datagrams/s of ${result.size} B, ${(result.delivered * 100).toFixed(1)} % delivered`;
	});
	session.close();
	await session.closed;
	const idle = quick ? Math.min(adapter.idleConnections, 50) : adapter.idleConnections;
	if (idle > 0) {
		await row(`RSS per idle session (${idle} open)`, async () => {
			const { client, server } = await idleMemory(adapter, info, idle, () => askRss(child));
			return `client ${client.toFixed(1)} KiB, server ${server.toFixed(1)} KiB`;
		});
	} else {
		rows.push({ metric: "RSS per idle session", value: "not measured (see above)" });
	}
	return rows;
}

/** Asks the server process to close and waits for it to exit. */
async function stopServer(child: ChildProcess): Promise<void> {
	const exited = new Promise((resolve) => child.once("exit", resolve));
	child.send({ type: "close" } satisfies ClientMessage);
	await exited;
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * HTTP/3 WebTransport runs on the raw-QUIC driver, so its cost is the ratio of the two. Both
 * servers run at once and bulk runs alternate between them, so that changes in the machine's
 * load hit both alike; each figure is the median of the runs.
 */
async function compareH3(): Promise<Row[]> {
	const rounds = quick ? 3 : 7;
	const bytes = sizes.bulkBytes / 4;
	const sides = [];
	for (const name of ["h3", "quic"]) {
		const adapter = await loadAdapter(name);
		const { child, info } = await startServer(name);
		sides.push({ child, session: await adapter.connect(info), one: [] as number[], ten: [] as number[] });
	}
	try {
		for (let round = 0; round < rounds; round++) {
			for (const side of sides) side.one.push(await bulk(side.session, bytes, 1));
			for (const side of sides) side.ten.push(await bulk(side.session, bytes, 10));
		}
	} finally {
		for (const side of sides) {
			side.session.close();
			await side.session.closed;
			await stopServer(side.child);
		}
	}
	const [h3, raw] = sides as [(typeof sides)[0], (typeof sides)[0]];
	const row = (metric: string, a: readonly number[], b: readonly number[]): Row => ({
		metric,
		value: `${(median(a) / median(b)).toFixed(2)} (h3 ${median(a).toFixed(1)} MiB/s, quic ${median(b).toFixed(1)} MiB/s)`,
	});
	const mib = bytes / 1024 / 1024;
	return [
		row(`Bulk, 1 stream (${mib} MiB, median of ${rounds} alternating runs)`, h3.one, raw.one),
		row(`Bulk, 10 streams (${mib} MiB, median of ${rounds} alternating runs)`, h3.ten, raw.ten),
	];
}

console.log(`Transport benchmark on ${machine()}${quick ? " (quick)" : ""}`);
for (const name of names) {
	console.log(`${name}:`);
	const adapter = await loadAdapter(name);
	const { child, info } = await startServer(name);
	try {
		const rows = await measure(adapter, info, child);
		if (!quick) writeSection(here("./RESULTS.md"), name, adapter.description, rows);
	} finally {
		await stopServer(child);
	}
}

if (names.includes("h3") && names.includes("quic")) {
	console.log("h3 / quic:");
	const rows = await compareH3();
	for (const row of rows) console.log(`  ${row.metric}: ${row.value}`);
	if (!quick) {
		writeSection(
			here("./RESULTS.md"),
			"h3-vs-quic",
			"WebTransport over HTTP/3 (`h3`) against the raw QUIC it runs on (`quic`), in one run with both servers up and the runs alternating: throughput of h3 over that of quic (the aim: 0.9 or more).",
			rows,
		);
	}
}
