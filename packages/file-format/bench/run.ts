/**
 * Write and read throughput of the MOQT file format (draft-jennings-moq-file-05) on this machine:
 * RecordingWriter appending objects of 1 KiB and 64 KiB, RecordingReader reading them back with
 * every payload, and the metadata parser alone. Results go to bench/RESULTS.md.
 *
 * Run: npm run bench (node --conditions=@moqt/source --import tsx bench/run.ts)
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { MetadataParser } from "../src/index.js";
import { RecordingReader, RecordingWriter } from "../src/node/index.js";

const CASES = [
	{ label: "1 KiB", size: 1024, count: 100_000 },
	{ label: "64 KiB", size: 64 * 1024, count: 3_200 },
];
const RUNS = 3;

interface Rate {
	readonly objectsPerSecond: number;
	readonly megabytesPerSecond: number;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const TRACK = { trackNamespace: [utf8("bench.example"), utf8("live")], trackName: utf8("video") };

function rate(objects: number, bytes: number, ms: number): Rate {
	return { objectsPerSecond: (objects * 1000) / ms, megabytesPerSecond: bytes / 1e6 / (ms / 1000) };
}

async function writeRecording(dir: string, size: number, count: number): Promise<number> {
	const payload = new Uint8Array(size).fill(0x5a);
	const start = performance.now();
	const writer = await RecordingWriter.create(dir);
	for (let i = 0; i < count; i++) {
		await writer.append(
			{
				...TRACK,
				groupId: BigInt(Math.floor(i / 30)),
				subgroupId: 0n,
				objectId: BigInt(i % 30),
				forwardingPreference: "Subgroup",
				objectStatus: 0,
				publisherPriority: 128,
				receiveTime: 1_700_000_000_000 + i,
				extensions: [{ type: 0x3cn, value: 0n }],
			},
			payload,
		);
	}
	await writer.close();
	return performance.now() - start;
}

async function readRecording(dir: string, count: number): Promise<number> {
	const start = performance.now();
	await using reader = await RecordingReader.open(dir);
	let n = 0;
	for await (const object of reader.entries("bench%2eexample.live-video.moq")) {
		await object.payload();
		n++;
	}
	if (n !== count) throw new Error(`read ${n} objects, wrote ${count}`);
	return performance.now() - start;
}

/** Parses metadata held in memory in 64 KiB chunks, as the reader does, keeping no entry. */
function parseInChunks(metadata: Uint8Array, count: number): number {
	const start = performance.now();
	const parser = new MetadataParser({ recover: false });
	let n = 0;
	for (let i = 0; i < metadata.length; i += 65536) n += parser.push(metadata.subarray(i, i + 65536)).length;
	parser.end();
	if (n !== count) throw new Error(`parsed ${n} entries, wrote ${count}`);
	return performance.now() - start;
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[sorted.length >> 1]!;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const fmt1 = (n: number) => n.toFixed(1);

// Other work on a shared machine skews the figures; the load average says how busy it was.
const loadAtStart = loadavg()[0]!;
const rows: string[] = [];
for (const { label, size, count } of CASES) {
	const writes: number[] = [];
	const reads: number[] = [];
	const parses: number[] = [];
	let metadataBytes = 0;
	for (let run = 0; run < RUNS; run++) {
		const dir = await mkdtemp(join(tmpdir(), "moqt-file-format-bench-"));
		try {
			writes.push(await writeRecording(dir, size, count));
			reads.push(await readRecording(dir, count));
			const metadata = await readFile(join(dir, "bench%2eexample.live-video.moq"));
			metadataBytes = metadata.length;
			parses.push(parseInChunks(metadata, count));
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}
	const payloadBytes = size * count;
	const w = rate(count, payloadBytes, median(writes));
	const r = rate(count, payloadBytes, median(reads));
	const p = rate(count, metadataBytes, median(parses));
	rows.push(
		`| ${label} × ${fmt(count)} | write | ${fmt(w.objectsPerSecond)} | ${fmt1(w.megabytesPerSecond)} |`,
		`| ${label} × ${fmt(count)} | read (entries + every payload) | ${fmt(r.objectsPerSecond)} | ${fmt1(r.megabytesPerSecond)} |`,
		`| ${label} × ${fmt(count)} | parse metadata only (${fmt1(metadataBytes / 1e6)} MB of JSON) | ${fmt(p.objectsPerSecond)} | ${fmt1(p.megabytesPerSecond)} of JSON |`,
	);
	console.log(rows.slice(-3).join("\n"));
}

const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown";
const results = `# @moqt/file-format benchmark

Produced by \`npm run bench\` (\`bench/run.ts\`). Each figure is the median of ${RUNS} runs.

- Date: ${new Date().toISOString().slice(0, 10)}
- CPU: ${cpu} (${cpus().length} cores visible)
- Node.js: ${process.version} (${process.platform}/${process.arch})
- Load average (1 min) when the run started: ${loadAtStart.toFixed(2)}
- Storage: the OS temporary directory (\`${tmpdir()}\`); reads follow the writes, so the data is
  in the page cache and the read figures measure the library, not the disk.

Write: \`RecordingWriter\` appending objects with every field set and one extension, one track,
default options (4 MiB flush buffer, no fsync), including \`close()\`. Read: \`RecordingReader\`
streaming the entries and reading every payload with \`payload()\`. Parse: \`MetadataParser\` over
the metadata file already in memory, in 64 KiB chunks. MB/s counts payload bytes (10^6 bytes per
MB) unless marked. The code runs from TypeScript source through tsx, as the \`bench\` script does.

| Objects | Operation | Objects/s | MB/s |
|---|---|---:|---:|
${rows.join("\n")}
`;
// The `moqt play --fast` section (apps/cli/bench/play-fast.ts writes it) is kept as it is.
const file = new URL("RESULTS.md", import.meta.url);
const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
const playFast = /\n<!-- play-fast -->[\s\S]*<!-- \/play-fast -->\n/.exec(previous)?.[0] ?? "";
writeFileSync(file, results + playFast);
console.log("wrote bench/RESULTS.md");
