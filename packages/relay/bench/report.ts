/**
 * The figures of a case, as one table row and as console lines, and the relay-versus-direct
 * ratio of the 1 → 1 cases.
 *
 * @module
 */

import type { CaseResult } from "./case.js";

const integer = (n: number) => Math.round(n).toLocaleString("en");
const ms = (n: number) => (Number.isNaN(n) ? "—" : n.toFixed(2));

/** The columns of the results table. */
export const COLUMNS = [
	"Case",
	"Subscribers",
	"Delivered objects/s (of expected)",
	"Lost (gaps; subscribers with loss)",
	"Relay drops",
	"Latency p50 / p99 / p99.9 / max ms",
	"Relay CPU (µs per object out)",
	"Relay RSS MiB idle → ready → end (peak)",
	"Publisher / subscriber hosts CPU",
	"Setup of all sessions / SUBSCRIBEs",
] as const;

/** Objects every subscriber should have had. */
function expected(r: CaseResult): number {
	return (r.window.end - r.window.start) * r.spec.subscribers;
}

function delivered(r: CaseResult): number {
	return r.received.reduce((a, b) => a + b, 0);
}

const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)} %`;

/** One row of the results table. */
export function row(r: CaseResult): string[] {
	const got = delivered(r);
	const lost = expected(r) - got;
	const withLoss = r.received.filter((n) => n < r.window.end - r.window.start).length;
	const relayCpu =
		r.cpu.relay === undefined
			? "—"
			: `${percent(r.cpu.relay, r.seconds)} (${((r.cpu.relay * 1e6) / Math.max(1, r.relayCounters?.objectsOut ?? got)).toFixed(1)} µs)`;
	const memory = r.relayMemory;
	const notes = [
		r.anomalies > 0 ? `${integer(r.anomalies)} duplicate or malformed` : "",
		r.failures.length > 0 ? `${r.failures.length} subscriptions failed` : "",
	].filter(Boolean);
	return [
		r.spec.name + (notes.length > 0 ? ` (${notes.join(", ")})` : ""),
		String(r.spec.subscribers),
		`${integer(got / r.seconds)} (${percent(got, expected(r))})`,
		lost === 0 ? "0" : `${integer(lost)} = ${percent(lost, expected(r))} (${integer(r.gaps)}; ${withLoss})`,
		r.relayCounters === undefined ? "—" : integer(r.relayCounters.dropped),
		[...[50, 99, 99.9].map((p) => ms(r.latency.percentileMs(p))), ms(r.latency.maxMs)].join(" / "),
		relayCpu,
		memory === undefined
			? "—"
			: `${memory.idle.toFixed(0)} → ${memory.ready.toFixed(0)} → ${memory.end.toFixed(0)} (${memory.peak.toFixed(0)})`,
		`${percent(r.cpu.publisher, r.seconds)} / ${percent(r.cpu.subscribers, r.seconds)}`,
		`${(r.connectMs / 1000).toFixed(1)} s / ${(r.subscribeMs / 1000).toFixed(2)} s`,
	];
}

/** Console lines for a case. */
export function describe(r: CaseResult): string {
	const cells = row(r);
	const lines = COLUMNS.slice(2).map((column, i) => `  ${column}: ${cells[i + 2]}`);
	for (const failure of new Set(r.failures)) lines.push(`  failure: ${failure}`);
	for (const warning of r.relayWarnings.slice(0, 5)) lines.push(`  relay: ${warning}`);
	return lines.join("\n");
}

/** "relay / direct: p50 1.31× (0.12 ms more), p99 …": the 1 → 1 cases compared. */
export function ratio(relay: CaseResult, direct: CaseResult): string {
	const compare = (p: number) => {
		const a = relay.latency.percentileMs(p);
		const b = direct.latency.percentileMs(p);
		return `p${p} ${(a / b).toFixed(2)}× (${ms(a)} vs ${ms(b)} ms)`;
	};
	const throughput = delivered(relay) / relay.seconds / (delivered(direct) / direct.seconds);
	const cpu = (r: CaseResult) => (r.cpu.relay ?? 0) + r.cpu.publisher + r.cpu.subscribers;
	const cpuRatio = cpu(relay) / relay.seconds / (cpu(direct) / direct.seconds);
	return (
		`Through the relay / direct, 1 → 1 at ${relay.spec.rate} objects/s: latency ${compare(50)}, ${compare(99)}; ` +
		`delivered objects/s ${throughput.toFixed(3)}×; CPU of all processes ${cpuRatio.toFixed(2)}×.`
	);
}
