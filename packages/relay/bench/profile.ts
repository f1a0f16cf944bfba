/**
 * A summary of a V8 CPU profile (`--cpu-prof`): where the process spent its time, by package
 * (self time) and by function (self, and total including callees).
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { table } from "./results.js";

interface ProfileNode {
	readonly id: number;
	readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
	readonly children?: readonly number[];
}

interface CpuProfile {
	readonly nodes: readonly ProfileNode[];
	readonly samples: readonly number[];
	readonly timeDeltas: readonly number[];
}

/** Where a source file belongs: a workspace package, a dependency, Node.js itself. */
function packageOf(url: string, functionName: string): string {
	if (url === "") {
		if (functionName.startsWith("(")) return functionName;
		return "native code called from JS";
	}
	const workspace = /\/packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
	if (workspace)
		return `@moqt/${workspace[1]}${workspace[1] === "transport" && workspace[2] ? ` (${workspace[2]})` : ""}`;
	const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
	if (dependency) return dependency[1]!;
	if (url.startsWith("node:")) return "Node.js internals";
	return url;
}

function shortUrl(url: string): string {
	return url.replace(/^.*\/(packages|node_modules)\//, "").replace(/^file:\/\//, "");
}

function keyOf(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	if (url === "") return functionName || "(anonymous)";
	return `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`;
}

/** Markdown tables of the profile at `path`. */
export function summarizeProfile(path: string, top = 20): string {
	const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const self = new Map<string, number>();
	const total = new Map<string, number>();
	const packages = new Map<string, number>();
	let all = 0;
	let idle = 0;
	const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);
	profile.samples.forEach((id, i) => {
		// A sample stands for the time until the next one.
		const us = profile.timeDeltas[i + 1] ?? 0;
		const node = byId.get(id)!;
		all += us;
		if (node.callFrame.functionName === "(idle)") {
			idle += us;
			return;
		}
		add(self, keyOf(node), us);
		add(packages, packageOf(node.callFrame.url, node.callFrame.functionName), us);
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const key = keyOf(byId.get(at)!);
			if (key === "(root)" || seen.has(key)) continue;
			seen.add(key);
			add(total, key, us);
		}
	});
	const busy = all - idle;
	const pct = (us: number) => `${((us / busy) * 100).toFixed(1)} %`;
	const rows = (map: Map<string, number>, n: number) =>
		[...map]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([key, us]) => [`\`${key}\``, `${(us / 1e6).toFixed(2)} s`, pct(us)]);
	return [
		`Profiled ${(all / 1e6).toFixed(1)} s, busy (not idle) ${(busy / 1e6).toFixed(1)} s; shares are of the busy time.`,
		"",
		"Self time by package:",
		"",
		table(["Package", "Self", "Share"], rows(packages, 15)),
		"",
		`Top ${top} functions by self time:`,
		"",
		table(["Function", "Self", "Share"], rows(self, top)),
		"",
		`Top ${top} functions by total time (with callees):`,
		"",
		table(["Function", "Total", "Share"], rows(total, top)),
	].join("\n");
}

// `node --import tsx bench/profile.ts FILE.cpuprofile` prints a summary.
if (process.argv[1] === new URL(import.meta.url).pathname && process.argv[2] !== undefined) {
	console.log(summarizeProfile(process.argv[2]));
}
