/**
 * CPU time and memory of other processes, read from /proc (Linux): nothing runs inside the
 * measured process, so the relay app is measured exactly as it ships.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// utime and stime are in clock ticks (USER_HZ, 100 on every common Linux build; asked once).
const TICKS_PER_SECOND = (() => {
	try {
		return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
	} catch {
		return 100;
	}
})();

/** User + system CPU time `pid` has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
	// The command name (field 2) may hold spaces: count fields after its closing parenthesis.
	const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
	// Fields 14 and 15 (utime, stime) are the 12th and 13th after the name.
	return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size now and at its peak, in MiB. */
export function memoryMiB(pid: number): { readonly rss: number; readonly peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, "utf8");
	const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
	return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
}
